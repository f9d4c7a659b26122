# Shared compile settings for Hogscope targets.

# Warnings for every target of ours; errors too unless HOGSCOPE_WERROR is off.
function(hogscope_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wnon-virtual-dtor -Woverloaded-virtual)
  if(HOGSCOPE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# Strictness defines for every target that uses Qt (ARCHITECTURE.md, conventions).
function(hogscope_qt_strict target)
  target_compile_definitions(${target} PRIVATE
    QT_NO_CAST_FROM_ASCII QT_NO_URL_CAST_FROM_STRING QT_NO_CAST_TO_ASCII
    QT_NO_CONTEXTLESS_CONNECT QT_NO_KEYWORDS QT_NO_FOREACH
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
    HOGSCOPE_VERSION="${PROJECT_VERSION}")
  hogscope_warnings(${target})
endfunction()

# A Qt Test executable registered with CTest; GUI tests run on the offscreen platform.
#   hogscope_add_qt_test(NAME name SOURCES ... LIBS ... [GUI] [LABELS ...] [TIMEOUT s])
function(hogscope_add_qt_test)
  cmake_parse_arguments(T "GUI" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE Qt6::Test ${T_LIBS})
  hogscope_qt_strict(${T_NAME})
  add_test(NAME ${T_NAME} COMMAND ${T_NAME})
  set(env "QT_QPA_PLATFORM=offscreen" "HOGSCOPE_SERVER=$<TARGET_FILE:hogscope-server>"
          "HOGQL_TOOL=$<TARGET_FILE:hogql>" "ASAN_OPTIONS=detect_leaks=0")
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 300)
  endif()
  set_tests_properties(${T_NAME} PROPERTIES ENVIRONMENT "${env}" TIMEOUT ${T_TIMEOUT})
  if(T_LABELS)
    set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}")
  endif()
endfunction()
