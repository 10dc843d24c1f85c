using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using QueueSystem.Queue.Catalog;
using QueueSystem.Queue.Domain;

namespace QueueSystem.Queue.Apis;

/// <summary>The categories of priority patients: listed for everyone, replaced as a whole by admins.</summary>
public static partial class CategoriesApi
{
    private const int MostCategories = 20;

    /// <summary><c>Level</c>: emergency or priority; <c>NameHi</c>: the Hindi name (the English one when none is given).</summary>
    public sealed record CategoryView(string Code, string Name, string NameHi, string Level, bool SelfDeclared);

    public sealed record CategoryRequest(string? Code, string? Name, string? NameHi, string? Level, bool? SelfDeclared);

    public static IEndpointRouteBuilder MapCategoriesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/categories", List).AllowAnonymous().WithTags("Patients").WithName("ListCategories")
            .WithSummary("The categories of patients called earlier than others; selfDeclared ones may be chosen when joining.");
        var admin = app.MapGroup("/api/admin/categories").RequireAuthorization(Policies.Admin).WithTags("Admin");
        admin.MapGet("", List).WithName("ListAdminCategories");
        admin.MapPut("", Replace).WithName("ReplaceCategories").WithSummary("Replaces the whole list of categories.");
        return app;
    }

    public static async Task<Ok<CategoryView[]>> List(CatalogStore catalogStore, CancellationToken cancellationToken) =>
        TypedResults.Ok((await catalogStore.CurrentAsync(cancellationToken)).Categories.Select(View).ToArray());

    public static async Task<Results<Ok<CategoryView[]>, ValidationProblem>> Replace(
        CategoryRequest?[]? request, ClaimsPrincipal user, CatalogStore catalogStore, CancellationToken cancellationToken)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        CatalogCategory[] categories = [.. request!.Select(c => new CatalogCategory(
            c!.Code!.Trim(), c.Name!.Trim(), string.IsNullOrWhiteSpace(c.NameHi) ? c.Name.Trim() : c.NameHi.Trim(),
            StatusNames.CategoryLevelNamed(c.Level)!.Value, c.SelfDeclared ?? false))];
        var outcome = await catalogStore.ChangeAsync(
            (catalog, now) => catalog.Categories.SequenceEqual(categories) ? Decision.Accept([]) : Decision.Accept([new CategoriesChanged(categories, now, user.Actor())]),
            cancellationToken);
        return TypedResults.Ok(outcome.State.Categories.Select(View).ToArray());
    }

    /// <summary>The category a patient declares when joining: none, or one of the list open to patients (403 for another, 400 unknown).</summary>
    public static CatalogCategory? Declared(string? code, ServiceCatalog catalog, out ProblemHttpResult? problem)
    {
        var category = Named(code, catalog, out problem);
        if (category is { SelfDeclared: false })
        {
            problem = ProblemResults.Of(StatusCodes.Status403Forbidden, "Category set by staff", $"Only staff can give the category {category.Code}; tell them at the counter.");
            return null;
        }

        return category;
    }

    /// <summary>A category of the list by its code, or none when no code is given (400 for an unknown one).</summary>
    public static CatalogCategory? Named(string? code, ServiceCatalog catalog, out ProblemHttpResult? problem)
    {
        problem = null;
        if (code is null)
        {
            return null;
        }

        if (catalog.FindCategory(code.Trim()) is { } category)
        {
            return category;
        }

        problem = ProblemResults.Of(StatusCodes.Status400BadRequest, "Unknown category", $"No category has the code '{code}'; GET /api/categories lists them.");
        return null;
    }

    private static Dictionary<string, string[]> Validate(CategoryRequest?[]? request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null || request.Length > MostCategories)
        {
            errors["categories"] = [$"A list of at most {MostCategories} categories."];
            return errors;
        }

        for (var index = 0; index < request.Length; index++)
        {
            var category = request[index];
            if (category?.Code is not { } code || !CodePattern().IsMatch(code.Trim()))
            {
                errors[$"[{index}].code"] = ["1 to 16 upper-case letters, digits or _, starting with a letter."];
            }

            if (!IsName(category?.Name, required: true) || !IsName(category?.NameHi, required: false))
            {
                errors[$"[{index}].name"] = ["name (and nameHi, if given) 1 to 60 characters, without control or invisible formatting characters."];
            }

            if (StatusNames.CategoryLevelNamed(category?.Level) is null)
            {
                errors[$"[{index}].level"] = ["emergency or priority."];
            }
        }

        var repeated = request.Select(c => c?.Code?.Trim().ToUpperInvariant()).OfType<string>().GroupBy(c => c).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (repeated.Count > 0)
        {
            errors["code"] = [$"Each code once: {string.Join(", ", repeated)} repeated."];
        }

        return errors;
    }

    private static bool IsName(string? value, bool required) =>
        string.IsNullOrWhiteSpace(value) ? !required : value.Trim().Length <= 60 && PlainText.IsPlain(value);

    public static CategoryView View(CatalogCategory category) =>
        new(category.Code, category.Name, category.NameHi, category.Level.Name(), category.SelfDeclared);

    [GeneratedRegex("^[A-Z][A-Z0-9_]{0,15}$")]
    private static partial Regex CodePattern();
}
