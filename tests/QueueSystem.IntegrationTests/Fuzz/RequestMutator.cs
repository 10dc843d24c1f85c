using System.Text;
using System.Text.Json.Nodes;

namespace QueueSystem.IntegrationTests.Fuzz;

/// <summary>A request as the fuzzer sends it: the body exactly as bytes go out, or none.</summary>
public sealed record FuzzRequest(HttpMethod Method, string Path, string? Body, string ContentType, string? Token, string Mutation);

/// <summary>
/// Turns a valid request into broken ones: fields dropped, values of the wrong type, hostile strings,
/// numbers out of range, malformed or deeply nested JSON, oversized bodies, odd ids in the path and
/// wrong tokens. Seeded, so a failure is reproduced by running with the seed it prints.
/// </summary>
public sealed class RequestMutator(int seed)
{
    /// <summary>Strings that have broken other systems: SQL, templates, scripts, paths, control and direction characters.</summary>
    public static readonly string[] HostileStrings =
    [
        "' OR '1'='1", "\"; DROP TABLE tickets; --", "1; SELECT pg_sleep(5)", "${jndi:ldap://127.0.0.1/a}", "{{7*7}}", "<%= 7*7 %>",
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "../../../../etc/passwd", "..\\..\\windows\\win.ini", "\u0000", "%00",
        "\u202Eevil", "😀😀😀", "OPD\r\nX-Injected: 1", "{\"$where\": \"1 == 1\"}", "null", "NaN", "-0", "0x7fffffff", "   ", "",
        "ＯＰＤ", "opd", "OPD ", "\t", "\\", "'", "\"", "`", "%s%s%s%n", "+91 98765 43210", "+0000000000000000000",
    ];

    private readonly Random random = new(seed);

    public FuzzRequest Mutate(FuzzRequest valid, IReadOnlyList<string> otherTokens)
    {
        // Weighted kinds of damage; a request without a body has its path, token and size to break.
        var pick = random.Next(100);
        if (valid.Body is null)
        {
            return pick switch
            {
                < 50 => valid with { Path = MutatePath(valid.Path), Mutation = "path" },
                < 90 => valid with { Token = PickToken(otherTokens), Mutation = "token" },
                _ => valid with { Body = Oversized(), Mutation = "oversized body" },
            };
        }

        return pick switch
        {
            < 45 => MutateField(valid),
            < 60 => valid with { Body = BrokenBody(), Mutation = "broken body" },
            < 67 => valid with { ContentType = Pick(["text/plain", "application/xml", "multipart/form-data", "application/json; charset=utf-16"]), Mutation = "wrong content type" },
            < 72 => valid with { Body = Oversized(), Mutation = "oversized body" },
            < 86 => valid with { Path = MutatePath(valid.Path), Mutation = "path" },
            _ => valid with { Token = PickToken(otherTokens), Mutation = "token" },
        };
    }

    private static string Oversized() => "{\"filler\":\"" + new string('x', 70 * 1024) + "\"}";

    private string? PickToken(IReadOnlyList<string> otherTokens) => Pick<string?>([null, "", "not-a-token", .. otherTokens]);

    private FuzzRequest MutateField(FuzzRequest valid)
    {
        if (JsonNode.Parse(valid.Body!) is not JsonObject body || body.Count == 0)
        {
            return valid with { Body = BrokenBody(), Mutation = "broken body" };
        }

        var field = Pick([.. body.Select(p => p.Key)]);
        switch (random.Next(4))
        {
            case 0:
                body.Remove(field);
                return valid with { Body = body.ToJsonString(), Mutation = $"without {field}" };
            case 1:
                body[field] = null;
                var raw = body.ToJsonString().Replace($"\"{field}\":null", $"\"{field}\":{WrongValue()}", StringComparison.Ordinal);
                return valid with { Body = raw, Mutation = $"{field} of another type" };
            case 2:
                body[field] = Pick(HostileStrings);
                return valid with { Body = body.ToJsonString(), Mutation = $"{field} hostile" };
            default:
                body[field] = new string(Pick(['A', '9', 'ü', '<']), random.Next(200, 5000));
                return valid with { Body = body.ToJsonString(), Mutation = $"{field} very long" };
        }
    }

    /// <summary>A JSON value of some type, written as it goes on the wire (some are not valid JSON at all).</summary>
    private string WrongValue() => Pick(
    [
        "true", "0", "-1", "2147483648", "-2147483649", "1e309", "3.5", "\"\"", "[]", "{}", "[1,2]", "{\"a\":1}",
        "\"12\"", "NaN", "Infinity", "undefined", "'single'", new string('[', 100) + new string(']', 100), "\"" + new string('9', 400) + "\"",
    ]);

    private string BrokenBody() => Pick(
    [
        "", "null", "[]", "\"text\"", "123", "{", "}", "{\"a\":", "{\"a\" 1}", "{a:1}", "{\"a\":1,}", "[{]}",
        new string('[', 5000), new string('{', 1000), "{\"a\":" + new string('[', 300) + new string(']', 300) + "}",
        "\u0000\u0001\u0002", "\uFEFF{}", Encoding.Latin1.GetString([.. Enumerable.Range(0, 64).Select(_ => (byte)random.Next(256))]),
        "{\"serviceCode\":\"A\",\"serviceCode\":\"B\"}",
    ]);

    private string MutatePath(string path)
    {
        if (path.Contains('?', StringComparison.Ordinal) && random.Next(2) == 0)
        {
            return MutateQuery(path);
        }

        var segments = path.Split('?')[0].Split('/');
        var candidates = Enumerable.Range(0, segments.Length).Where(i => segments[i].Length > 0).ToList();
        var index = Pick([.. candidates]);
        segments[index] = Pick(
        [
            Guid.NewGuid().ToString(), "00000000-0000-0000-0000-000000000000", "not-a-guid", "-1", "0", "2147483648", "99999999999999999999",
            "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%2f..%2f", "%00", "%27%20OR%201=1", "%3Cscript%3E", new string('a', 3000), "%F0%9F%98%80", "admin",
        ]);
        var query = path.Contains('?', StringComparison.Ordinal) ? "?" + path.Split('?', 2)[1] : "";
        return string.Join('/', segments) + query;
    }

    /// <summary>One query value replaced by a hostile or odd one, or repeated, or emptied.</summary>
    private string MutateQuery(string path)
    {
        var (route, query) = (path.Split('?', 2)[0], path.Split('?', 2)[1]);
        var pairs = query.Split('&').Select(pair => pair.Split('=', 2)).ToList();
        var index = random.Next(pairs.Count);
        var name = pairs[index][0];
        pairs[index] = random.Next(4) switch
        {
            0 => [name],
            1 => [name, ""],
            2 => [name, Uri.EscapeDataString(Pick(HostileStrings))],
            _ => [name, Uri.EscapeDataString(Pick(["2026-02-30", "27-11-2026", "9999-12-31", "0001-01-01", "-1", new string('9', 50), "csv", "xml"]))],
        };
        if (random.Next(5) == 0)
        {
            pairs.Add(pairs[index]); // the same parameter twice
        }

        return route + "?" + string.Join('&', pairs.Select(pair => string.Join('=', pair)));
    }

    private T Pick<T>(T[] options) => options[random.Next(options.Length)];
}
