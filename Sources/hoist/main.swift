import HoistCommands

await HoistCommand.main()
