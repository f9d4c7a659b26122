# CPack: the Debian package (`make package`, or `cpack -G DEB` in a build directory).
# The files it holds are installed by app/, app/local/ and packaging/CMakeLists.txt.

set(HOGSCOPE_DEB_PACKAGE hogscope)
# The Debian revision of this packaging of the upstream version; bump it for a packaging-only change.
set(HOGSCOPE_DEB_REVISION 1)
set(HOGSCOPE_DEB_VERSION "${PROJECT_VERSION}-${HOGSCOPE_DEB_REVISION}")
set(HOGSCOPE_DEB_MAINTAINER "The Hogscope developers <maintainers@hogscope.io>")
set(HOGSCOPE_HOMEPAGE "https://hogscope.io")

set(CPACK_PACKAGE_NAME ${HOGSCOPE_DEB_PACKAGE})
set(CPACK_PACKAGE_VENDOR "The Hogscope developers")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_HOMEPAGE_URL ${HOGSCOPE_HOMEPAGE})
set(CPACK_PACKAGE_CONTACT ${HOGSCOPE_DEB_MAINTAINER})
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "desktop explorer for PostHog product analytics")
# Wrapped by hand: CPack keeps the lines as they are, and Debian wants them under 80 columns.
# An empty line separates paragraphs; CPack writes it as Debian's " .".
set(CPACK_PACKAGE_DESCRIPTION [=[
Hogscope is a native Qt explorer for PostHog data. Write HogQL in an editor
that highlights it and shows errors as you type, run queries in the
background with live progress and cancel, and browse the results in a fast
grid.

It connects to PostHog Cloud (US or EU) or a self-hosted instance with a
personal API key, or runs with no account on its embedded local backend,
which answers the same API over SQLite.

The package also contains hogscope-server, the local backend on its own,
and hogql, a command-line parser and formatter for HogQL.]=])

# Strip the installed binaries: the build keeps debug information, the package must not (lintian).
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# Directories CPack creates itself get the usual modes whatever the umask of the build.
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

set(CPACK_DEBIAN_PACKAGE_NAME ${HOGSCOPE_DEB_PACKAGE})
set(CPACK_DEBIAN_PACKAGE_RELEASE ${HOGSCOPE_DEB_REVISION})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${HOGSCOPE_DEB_MAINTAINER})
set(CPACK_DEBIAN_PACKAGE_SECTION database)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE ${HOGSCOPE_HOMEPAGE})
# Library dependencies are read from the binaries by dpkg-shlibdeps. What they load at run time
# rather than link is added by hand: the SVG icon engine and image plugin, for the window icon is an
# SVG. Wayland sessions work better with the native platform plugin.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6svg6")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-wayland")
set(CPACK_DEBIAN_PACKAGE_GENERATE_MD5SUMS ON)
# Control files 0644, as dpkg-deb and lintian expect.
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

include(CPack)
