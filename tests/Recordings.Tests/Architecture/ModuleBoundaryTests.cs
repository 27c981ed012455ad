using System.Reflection;
using System.Runtime.CompilerServices;
using System.Xml.Linq;

namespace Recordings.Tests.Architecture;

/// <summary>
/// The design card's boundaries: each module shows only its entry point, its one interface and its Contracts;
/// dependencies run Environments ← Recordings ← Sharing, and nothing in a module knows the web host.
/// </summary>
public sealed class ModuleBoundaryTests
{
    private static readonly Dictionary<string, string[]> AllowedModuleReferences = new()
    {
        ["Environments"] = [],
        ["Recordings"] = ["Environments"],
        ["Sharing"] = ["Recordings", "Environments"],
    };

    public static TheoryData<string> Modules => new(AllowedModuleReferences.Keys);

    private static Assembly Load(string module) => Assembly.Load($"Modules.{module}");

    [Theory]
    [MemberData(nameof(Modules))]
    public void A_module_makes_public_only_its_registration_its_role_interfaces_and_its_contracts(string module)
    {
        // Role interfaces live in the module's root namespace (IRecordingCatalog, IRecordingIngestion, …); every other
        // public type is a contract (Contracts/) or the registration class.
        var offenders = Load(module).GetExportedTypes()
            .Where(t => t.FullName != $"Modules.{module}.{module}Module"
                && !(t.IsInterface && t.Namespace == $"Modules.{module}")
                && t.Namespace != $"Modules.{module}.Contracts")
            .Select(t => t.FullName)
            .ToList();
        Assert.True(offenders.Count == 0, $"Public types outside the module's surface: {string.Join(", ", offenders)}");
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void Every_public_type_and_every_member_of_a_role_interface_is_documented(string module)
    {
        // The XML file the build writes beside the module (src/Modules/Directory.Build.props); internal types need none.
        var assembly = Load(module);
        var file = Path.ChangeExtension(assembly.Location, ".xml");
        Assert.True(File.Exists(file), $"{file} is missing: the module no longer builds its documentation file.");
        var documented = XDocument.Load(file).Descendants("member")
            .Where(m => !string.IsNullOrWhiteSpace(m.Element("summary")?.Value))
            .Select(m => m.Attribute("name")!.Value)
            .ToList();
        var missing = new List<string>();
        foreach (var type in assembly.GetExportedTypes())
        {
            var id = type.FullName!.Replace('+', '.');
            if (!documented.Contains($"T:{id}")) missing.Add(id);
            if (!type.IsInterface) continue;
            foreach (var method in type.GetMethods().Where(m => !m.IsSpecialName))
                if (!documented.Any(d => d.StartsWith($"M:{id}.{method.Name}(", StringComparison.Ordinal) || d == $"M:{id}.{method.Name}"))
                    missing.Add($"{id}.{method.Name}");
            foreach (var property in type.GetProperties())
                if (!documented.Contains($"P:{id}.{property.Name}")) missing.Add($"{id}.{property.Name}");
        }
        Assert.True(missing.Count == 0, $"Public surface without a <summary>: {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void A_module_references_only_the_modules_before_it_and_never_the_web_host(string module)
    {
        var references = Load(module).GetReferencedAssemblies().Select(a => a.Name!)
            .Where(n => n.StartsWith("Modules.", StringComparison.Ordinal) || n.StartsWith("Recordings.", StringComparison.Ordinal))
            .ToList();
        var forbidden = references.Except(AllowedModuleReferences[module].Select(m => $"Modules.{m}")).ToList();
        Assert.True(forbidden.Count == 0, $"Modules.{module} references {string.Join(", ", forbidden)}, against Environments ← Recordings ← Sharing.");
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void A_module_opens_its_internals_to_the_test_assembly_alone(string module)
    {
        // The tests may unit-test a module's dense internals (parsers, fingerprints); no other module or host may.
        var opened = Load(module).GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName).Where(a => a != "Recordings.Tests").ToList();
        Assert.True(opened.Count == 0, $"Modules.{module} shows its internals to {string.Join(", ", opened)}.");
    }

    [Fact]
    public void Recordings_knows_admins_only_by_their_id()
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        static IEnumerable<Type> Used(Type t) =>
            t.GetFields(all).Select(f => f.FieldType)
                .Concat(t.GetProperties(all).Select(p => p.PropertyType))
                .Concat(t.GetMethods(all).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)))
                .Concat(t.GetConstructors(all).SelectMany(c => c.GetParameters().Select(p => p.ParameterType)));
        static IEnumerable<Type> Unwrapped(Type t) =>
            t.IsGenericType ? t.GetGenericArguments().SelectMany(Unwrapped).Append(t) : t.HasElementType ? Unwrapped(t.GetElementType()!) : [t];
        static List<string> AdminTypesUsedBy(Assembly assembly) => assembly.GetTypes()
            .SelectMany(t => Used(t).SelectMany(Unwrapped).Select(u => (t, u)))
            .Where(x => x.u.Assembly.GetName().Name == "Modules.Environments" && x.u.Name.Contains("Admin", StringComparison.Ordinal))
            .Select(x => $"{x.t.FullName} uses {x.u.FullName}")
            .Distinct().ToList();
        // The scan finds what the web host's sign-in uses, so an empty answer for Recordings means something.
        Assert.Contains(AdminTypesUsedBy(Assembly.Load("Recordings.Web")), u => u.Contains("AdminSignIn", StringComparison.Ordinal));
        var admins = AdminTypesUsedBy(Load("Recordings"));
        Assert.True(admins.Count == 0, string.Join("; ", admins));
    }

    [Fact]
    public void The_web_host_reaches_every_module_and_only_through_its_public_surface()
    {
        var web = Assembly.Load("Recordings.Web");
        var moduleNames = web.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("Modules.", StringComparison.Ordinal)).Order();
        Assert.Equal(AllowedModuleReferences.Keys.Select(m => $"Modules.{m}").Order(), moduleNames);
        // What a module keeps internal cannot be named from Web, and the test above allows InternalsVisibleTo for the tests alone,
        // so a page model can hold only module interfaces: no DbContext type is visible to it.
        var dbContexts = AllowedModuleReferences.Keys.SelectMany(m => Load(m).GetTypes())
            .Where(t => t.IsSubclassOf(typeof(Microsoft.EntityFrameworkCore.DbContext)));
        Assert.All(dbContexts, t => Assert.False(t.IsVisible, $"{t.FullName} is visible outside its module."));
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void No_module_has_http_types_on_its_public_surface(string module)
    {
        const BindingFlags surface = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        static IEnumerable<Type> Unwrapped(Type t) =>
            t.IsGenericType ? t.GetGenericArguments().SelectMany(Unwrapped).Append(t) : t.HasElementType ? Unwrapped(t.GetElementType()!) : [t];
        var offenders = Load(module).GetExportedTypes()
            .SelectMany(t => t.GetProperties(surface).Select(p => (t, p.PropertyType))
                .Concat(t.GetMethods(surface).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)).Select(u => (t, u)))
                .Concat(t.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => (t, p.ParameterType))))
            .SelectMany(x => Unwrapped(x.Item2).Select(u => (x.t, u)))
            .Where(x => x.u.Namespace is { } ns && (ns.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || ns.StartsWith("Microsoft.Net.Http", StringComparison.Ordinal)))
            .Select(x => $"{x.t.FullName} uses {x.u.FullName}").Distinct().ToList();
        Assert.True(offenders.Count == 0, string.Join("; ", offenders));
        // Nor HTTP in other words: no status codes, CORS flags or header values on the contracts (the host maps a
        // module's typed refusals to those, in src/Web/Ingestion/IngestionAnswers.cs).
        var httpWords = Load(module).GetExportedTypes().SelectMany(t => t.GetProperties(surface).Select(p => (Name: $"{t.Name}.{p.Name}", p.PropertyType)))
            .Where(p => (p.Name.Contains("Status", StringComparison.Ordinal) && p.PropertyType == typeof(int))
                || p.Name.Contains("Cors", StringComparison.Ordinal) || p.Name.EndsWith(".Headers", StringComparison.Ordinal))
            .Select(p => p.Name).ToList();
        Assert.True(httpWords.Count == 0, string.Join("; ", httpWords));
    }

    [Fact]
    public void Sharing_learns_of_removals_only_through_the_notification_contract_of_recordings()
    {
        var listener = typeof(Modules.Recordings.Contracts.IRecordingRemovalListener);
        // Sharing answers the contract, and nothing asks it to forget a recording any other way.
        Assert.Contains(Load("Sharing").GetTypes(), t => t.IsClass && listener.IsAssignableFrom(t));
        var removals = typeof(Modules.Sharing.ISharingModule).GetMethods().Where(m => m.Name.StartsWith("Remove", StringComparison.Ordinal)).ToList();
        Assert.True(removals.Count == 0, $"ISharingModule offers {string.Join(", ", removals.Select(m => m.Name))}");
        // Every removal in Recordings goes through the one class that tells the listeners.
        var removal = Load("Recordings").GetTypes().Single(t => t.Name == "RecordingRemoval");
        Assert.Contains(removal.GetConstructors().Single().GetParameters(), p => p.ParameterType == typeof(IEnumerable<>).MakeGenericType(listener));
        // Recordings does not know Sharing (the direction stays Sharing → Recordings).
        Assert.DoesNotContain(Load("Recordings").GetReferencedAssemblies(), a => a.Name == "Modules.Sharing");
    }
}
