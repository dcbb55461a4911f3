import Greeting

print(greeting("second"))
