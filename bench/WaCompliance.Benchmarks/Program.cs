using BenchmarkDotNet.Running;

// Run all: dotnet run -c Release --project bench/WaCompliance.Benchmarks -- --filter '*'
// One suite: dotnet run -c Release --project bench/WaCompliance.Benchmarks -- --filter '*NumberParsing*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
