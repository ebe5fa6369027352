#pragma once
// Applies a service's numbered migrations in order, each in its own transaction, recording
// each in schema_migrations. Safe when several processes start at once: they take turns.
#include <string>
#include <vector>

#include "devcoll/result.h"
#include "platform/storage/connection.h"
#include "platform/storage/sql_catalog.h"

namespace devcoll::storage {

Status migrate(Connection& connection, const std::string& databaseName, const std::vector<Migration>& migrations);

// Creates the platform's own tables (idempotent DDL), with the same mutual exclusion.
Status createPlatformTables(Connection& connection, const std::vector<std::string>& statements);

}  // namespace devcoll::storage
