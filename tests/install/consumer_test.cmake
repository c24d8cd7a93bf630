# Installs the build tree into a fresh prefix, then builds the consumer program against it twice:
# through find_package(libgis CONFIG) and through pkg-config, and runs both.
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install ${GIS_BINARY_DIR} --prefix ${prefix})

# Only plain C++ headers are installed: none may pull in GDAL, PROJ, GEOS, SQLite or Qt.
file(GLOB_RECURSE headers ${prefix}/include/gis/*.h)
list(FILTER headers EXCLUDE REGEX "/gis/(render|layout)/") # the drawing modules are Qt by design
foreach(h ${headers})
  file(READ ${h} text)
  if(text MATCHES "#include [<\"](gdal|ogr_|cpl_|proj|geos|sqlite3|Q[A-Z])")
    message(FATAL_ERROR "installed header ${h} includes a third-party header")
  endif()
endforeach()

# 1. CMake package
run(${CMAKE_COMMAND} -S ${GIS_SOURCE_DIR}/tests/install/consumer -B ${WORK_DIR}/cmake-build -G Ninja
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH=${prefix})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/cmake-build)
run(${WORK_DIR}/cmake-build/consumer ${GIS_SOURCE_DIR}/../shared/data/oman/towns.geojson)
if(NOT last_output MATCHES "towns: 41 features")
  message(FATAL_ERROR "unexpected consumer output: ${last_output}")
endif()
# A service loads the sample project, its data and styles, with the project module alone (no Qt linked).
run(${WORK_DIR}/cmake-build/consumer ${GIS_SOURCE_DIR}/../shared/data/oman/towns.geojson ${GIS_SOURCE_DIR}/data/dakhiliyah.json ${GIS_SOURCE_DIR}/styles)
# As many layers as the sample's project file lists (it grows: the drone flights added eight).
file(READ ${GIS_SOURCE_DIR}/data/dakhiliyah.json sample_json)
string(JSON sample_layers LENGTH "${sample_json}" layers)
if(NOT last_output MATCHES "project Ad Dakhiliyah[^\n]*: ${sample_layers} layers, ${sample_layers} available")
  message(FATAL_ERROR "unexpected consumer output: ${last_output}")
endif()
run(ldd ${WORK_DIR}/cmake-build/consumer)
if(last_output MATCHES "libQt")
  message(FATAL_ERROR "the consumer, which loads a project, links Qt:\n${last_output}")
endif()

# 2. pkg-config
file(GLOB_RECURSE pcfile ${prefix}/*/libgis.pc)
get_filename_component(pcdir ${pcfile} DIRECTORY)
set(ENV{PKG_CONFIG_PATH} ${pcdir})
execute_process(COMMAND pkg-config --cflags --libs libgis OUTPUT_VARIABLE flags RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pkg-config does not find libgis in ${pcdir}")
endif()
separate_arguments(flags UNIX_COMMAND "${flags}")
run(c++ -std=c++20 ${GIS_SOURCE_DIR}/tests/install/consumer/main.cpp -o ${WORK_DIR}/consumer-pc ${flags})
run(${WORK_DIR}/consumer-pc ${GIS_SOURCE_DIR}/../shared/data/oman/towns.geojson)
if(NOT last_output MATCHES "towns: 41 features")
  message(FATAL_ERROR "unexpected consumer output: ${last_output}")
endif()
message(STATUS "consumer built and ran through find_package and pkg-config")
