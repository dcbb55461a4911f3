import Greeting

print(greeting("first"))
