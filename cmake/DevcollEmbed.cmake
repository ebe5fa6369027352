# devcoll_embed_sql(<target> <namespace> <dir>): embeds every .sql file under <dir> into
# <target> as a generated C++ table, so migrations and queries live in .sql files beside the
# service that owns them, not in C++ strings. The table maps "sqlite/V001__x.sql"-style relative
# paths to their text: `devcoll::<namespace>::sqlFiles()` returns it.
function(devcoll_embed_sql target namespace dir)
    file(GLOB_RECURSE sql_files CONFIGURE_DEPENDS "${dir}/*.sql")
    set(out "${CMAKE_CURRENT_BINARY_DIR}/${target}_sql.cpp")
    add_custom_command(
        OUTPUT "${out}"
        COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNAMESPACE=${namespace} -DROOT=${dir}
                -P "${PROJECT_SOURCE_DIR}/cmake/DevcollEmbedSqlScript.cmake"
        DEPENDS ${sql_files} "${PROJECT_SOURCE_DIR}/cmake/DevcollEmbedSqlScript.cmake"
        COMMENT "Embedding SQL of ${target}"
        VERBATIM)
    target_sources(${target} PRIVATE "${out}")
endfunction()
