@_exported import HoistSigV4
