# Embeds the HogQL function catalogue (data/hogql-functions.tsv, a copy of shared/posthog/hogql-functions.tsv:
# facts compiled from PostHog's function registries, MIT) into the library as a string, so the table stays
# the single source and the build needs nothing but CMake. Columns: spec/hogql.md §6.
set(_hogql_functions_tsv "${CMAKE_CURRENT_SOURCE_DIR}/data/hogql-functions.tsv")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${_hogql_functions_tsv}")
file(READ "${_hogql_functions_tsv}" HOGQL_FUNCTIONS_TSV)
configure_file("${CMAKE_CURRENT_SOURCE_DIR}/data/functions_data.cpp.in"
               "${CMAKE_CURRENT_BINARY_DIR}/functions_data.cpp" @ONLY)
set(HOGQL_FUNCTIONS_DATA_CPP "${CMAKE_CURRENT_BINARY_DIR}/functions_data.cpp")
