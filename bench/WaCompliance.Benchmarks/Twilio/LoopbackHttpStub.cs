using System.Net;
using System.Net.Sockets;
using System.Text;

namespace WaCompliance.Benchmarks.Twilio;

/// <summary>
/// A minimal HTTP/1.1 keep-alive server on 127.0.0.1 that reads each request (headers and Content-Length body) and
/// answers Twilio's 201 Message JSON. Kept tiny so the benchmark measures the clients, not the server.
/// </summary>
public sealed class LoopbackHttpStub : IDisposable
{
    private static readonly byte[] s_response = BuildResponse();
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    public LoopbackHttpStub()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    public Uri BaseUrl => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            socket.NoDelay = true;
            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var stream = new NetworkStream(socket, ownsSocket: true);
        var buffer = new byte[64 * 1024];
        var filled = 0;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                int headerEnd;
                while ((headerEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
                {
                    var read = await stream.ReadAsync(buffer.AsMemory(filled), _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    filled += read;
                }

                var contentLength = ContentLength(buffer.AsSpan(0, headerEnd));
                var total = headerEnd + 4 + contentLength;
                while (filled < total)
                {
                    var read = await stream.ReadAsync(buffer.AsMemory(filled), _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    filled += read;
                }

                await stream.WriteAsync(s_response, _stop.Token);
                buffer.AsSpan(total, filled - total).CopyTo(buffer);
                filled -= total;
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
        }
    }

    private static int ContentLength(ReadOnlySpan<byte> headers)
    {
        var text = Encoding.ASCII.GetString(headers);
        foreach (var line in text.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return int.Parse(line.AsSpan("Content-Length:".Length).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    private static byte[] BuildResponse()
    {
        const string body = """
            {"account_sid": "AC0123456789abcdef0123456789abcdef", "api_version": "2010-04-01", "body": "Hello", "date_created": "Thu, 24 Aug 2023 05:01:45 +0000", "date_sent": null, "date_updated": "Thu, 24 Aug 2023 05:01:45 +0000", "direction": "outbound-api", "error_code": null, "error_message": null, "from": "whatsapp:+16502530000", "messaging_service_sid": null, "num_media": "0", "num_segments": "1", "price": null, "price_unit": null, "sid": "SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "status": "queued", "subresource_uris": {"media": "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages/SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Media.json"}, "to": "whatsapp:+64211234567", "uri": "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages/SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.json"}
            """;
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = $"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\nConnection: keep-alive\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. bytes];
    }
}
