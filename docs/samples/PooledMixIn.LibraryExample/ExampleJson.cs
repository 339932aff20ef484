using System.Text.Json.Serialization;

namespace PooledMixIn.LibraryExample;

/// <summary>
/// The JSON the example answers with, serialised by source-generated code: no reflection, so the program stays
/// trimmable and NativeAOT-compatible.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(VisitCount))]
[JsonSerializable(typeof(CachedValue))]
internal sealed partial class ExampleJson : JsonSerializerContext;
