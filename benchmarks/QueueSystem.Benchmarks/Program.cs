using QueueSystem.Benchmarks;

// Figures of a running system (./run.sh), printed, never asserted.
//   dotnet run --project benchmarks/QueueSystem.Benchmarks -- otp-latency [gateway] [count]
//   QMS_ADMIN_PASSWORD=… dotnet run --project benchmarks/QueueSystem.Benchmarks -- call-latency [gateway] [count]
var command = args.ElementAtOrDefault(0);
var gateway = new Uri(args.ElementAtOrDefault(1) ?? "http://127.0.0.1:8080");
var count = int.Parse(args.ElementAtOrDefault(2) ?? "200", System.Globalization.CultureInfo.InvariantCulture);
return command switch
{
    "otp-latency" => await OtpLatency.RunAsync(gateway, count),
    "call-latency" => await CallLatency.RunAsync(gateway, count),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: otp-latency|call-latency [gateway-url] [count]");
    return 2;
}
