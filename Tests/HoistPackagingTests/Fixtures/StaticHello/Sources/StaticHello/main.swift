// Prints a line and exits: enough to prove a fully static bootstrap runs.
print("hello from a static bootstrap")
