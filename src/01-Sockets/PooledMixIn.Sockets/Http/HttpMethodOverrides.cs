using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace PooledMixIn.Sockets.Http;

/// <summary>
/// Which methods a <see cref="BaseHttpRequestHandler"/> subclass implements, found once per class from the
/// <c>Do*</c> methods it overrides. The reflection is trim-safe: the handler class is annotated
/// <c>[DynamicallyAccessedMembers(NonPublicMethods)]</c>, so <c>GetType()</c> on it keeps those methods.
/// </summary>
internal static class HttpMethodOverrides
{
    private static readonly ConcurrentDictionary<Type, string[]> s_cache = new();

    /// <summary>The methods the handler dispatches, in the order an <c>Allow</c> header lists them.</summary>
    public static string[] KnownMethods { get; } = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];

    public static string[] Of([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.NonPublicMethods)] Type handlerType) =>
        s_cache.TryGetValue(handlerType, out var methods) ? methods : s_cache.GetOrAdd(handlerType, Find(handlerType));

    #region implemented-methods
    private static string[] Find([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.NonPublicMethods)] Type type)
    {
        bool Overrides(string name) =>
            type.GetMethod(name, BindingFlags.Instance | BindingFlags.NonPublic)?.DeclaringType != typeof(BaseHttpRequestHandler);
        var get = Overrides("DoGet");
        return [.. KnownMethods.Where(method => method switch
        {
            "GET" => get,
            "HEAD" => get || Overrides("DoHead"),
            "OPTIONS" => true,
            _ => Overrides("Do" + method[0] + method[1..].ToLowerInvariant()),
        })];
    }
    #endregion
}
