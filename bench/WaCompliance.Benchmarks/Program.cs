using BenchmarkDotNet.Running;

// Run all: dotnet run -c Release --project bench/WaCompliance.Benchmarks -- --filter '*'
// One suite: dotnet run -c Release --project bench/WaCompliance.Benchmarks -- --filter '*NumberParsing*'
// PostgreSQL suites need a server: d=$(eng/postgres.sh start); export WACOMPLIANCE_TEST_POSTGRES="$(cat $d/connection-string)"
//   dotnet run -c Release --project bench/WaCompliance.Benchmarks -- --filter '*PostgreSql*'; eng/postgres.sh stop $d
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
