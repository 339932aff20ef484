// The project's benchmark. See README.md beside this file.
//   dotnet run -c Release --project tests/PooledMixIn.Benchmark -- suite            the whole comparison
//   dotnet run -c Release --project tests/PooledMixIn.Benchmark -- suite --quick    the smoke run CI uses
//   dotnet run -c Release --project tests/PooledMixIn.Benchmark -- load --url http://127.0.0.1:8888/bench
using PooledMixIn.Benchmark;
using PooledMixIn.Benchmark.Load;

// First, before any socket exists: the client's continuations run on the epoll threads (see the type's remarks).
InlineSocketCompletions.Enable();

return await BenchmarkProgram.RunAsync(args);
