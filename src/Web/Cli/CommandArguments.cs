using Modules.Environments.Contracts;

namespace Web.Cli;

/// <summary>
/// <c>noun verb [positional] [--option value]…</c>. Options the host understands (<c>--DataDirectory</c>)
/// are passed on to the configuration.
/// </summary>
internal sealed class CommandArguments
{
    private static readonly string[] ConfigurationKeys = ["DataDirectory", "ConnectionStrings", "Logging", "Storage"];

    private static readonly HashSet<string> SingleWordCommands = ["backup"];

    private readonly Dictionary<string, string> options = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> used = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> positional = [];

    private CommandArguments(string name) => Name = name;

    public string Name { get; }
    public string[] ConfigurationArgs { get; private set; } = [];

    public static CommandArguments Parse(string[] args)
    {
        // A few commands are one word with options (`backup --to DIR`); the rest are `noun verb`.
        var words = args.Length > 0 && SingleWordCommands.Contains(args[0]) ? 1 : 2;
        if (args.Length < words) throw new InvalidInputException("command", $"Usage: {args.FirstOrDefault()} <verb> [options].");
        var result = new CommandArguments(string.Join(' ', args[..words]));
        var config = new List<string>();
        for (var i = words; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal)) { result.positional.Add(arg); continue; }
            var (key, value) = arg.Contains('=') ? (arg[2..arg.IndexOf('=')], arg[(arg.IndexOf('=') + 1)..])
                : i + 1 < args.Length ? (arg[2..], args[++i])
                : throw new InvalidInputException(arg[2..], $"Option {arg} needs a value.");
            if (ConfigurationKeys.Any(k => key.StartsWith(k, StringComparison.OrdinalIgnoreCase))) config.Add($"--{key}={value}");
            else if (!result.options.TryAdd(key, value)) throw new InvalidInputException(key, $"Option --{key} is given twice.");
        }
        result.ConfigurationArgs = [.. config];
        return result;
    }

    public string Required(string option) =>
        Optional(option) ?? throw new InvalidInputException(option, $"Option --{option} is required.");

    public string? Optional(string option)
    {
        used.Add(option);
        return options.GetValueOrDefault(option);
    }

    public string Positional(int index, string name) =>
        index < positional.Count ? positional[index] : throw new InvalidInputException(name, $"The {name} is required.");

    public int PositionalInt(int index, string name) =>
        int.TryParse(Positional(index, name), out var value) && value > 0 ? value
        : throw new InvalidInputException(name, $"The {name} must be a positive whole number.");

    public bool? OptionalBool(string option) => Optional(option) switch
    {
        null => null,
        "true" or "on" or "yes" => true,
        "false" or "off" or "no" => false,
        var other => throw new InvalidInputException(option, $"--{option} must be true or false, not '{other}'."),
    };

    public int? OptionalInt(string option) => Optional(option) switch
    {
        null => null,
        var text when int.TryParse(text, out var value) => value,
        _ => throw new InvalidInputException(option, $"--{option} must be a whole number."),
    };

    /// <summary>Rejects options nobody asked for, so a typo never passes silently. Call before changing anything.</summary>
    public void EnsureAllUsed()
    {
        var unknown = options.Keys.FirstOrDefault(k => !used.Contains(k));
        if (unknown is not null) throw new InvalidInputException(unknown, $"Unknown option --{unknown}.");
    }
}
