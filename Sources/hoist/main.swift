import HoistCommands

await HoistCommand.runFromCommandLine()
