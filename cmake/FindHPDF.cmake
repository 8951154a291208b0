# FindHPDF: libharu (Debian libhpdf-dev 2.3.0 ships neither a .pc nor a CMake config).
# Defines HPDF_FOUND, HPDF_INCLUDE_DIR, HPDF_LIBRARY and the imported target HPDF::HPDF.
find_path(HPDF_INCLUDE_DIR hpdf.h)
find_library(HPDF_LIBRARY NAMES hpdf libhpdf)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(HPDF REQUIRED_VARS HPDF_LIBRARY HPDF_INCLUDE_DIR)
if(HPDF_FOUND AND NOT TARGET HPDF::HPDF)
  add_library(HPDF::HPDF UNKNOWN IMPORTED)
  set_target_properties(HPDF::HPDF PROPERTIES IMPORTED_LOCATION "${HPDF_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${HPDF_INCLUDE_DIR}")
endif()
mark_as_advanced(HPDF_INCLUDE_DIR HPDF_LIBRARY)
