# Writes the manual page gis.1 from the program's own help: `gis --help` for the synopsis and the command list,
# `gis COMMAND --help` for each command's section. The page therefore says exactly what the installed program
# says, and a new command or option reaches it without anyone editing roff.
#   cmake -DGIS=path/to/gis -DVERSION=0.1.0 -DOUT=gis.1 -P gis-man.cmake

function(help out)
  execute_process(COMMAND ${GIS} ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE text ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "gis ${ARGN} failed (${rc}): ${err}")
  endif()
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# Verbatim text as roff: backslashes escaped, hyphens as minus signs (options are typed), and a line starting
# with a dot or quote is not read as a request.
function(roff out text)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REPLACE "-" "\\-" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

help(top --help)
# The command list: the lines "  NAME  what it does" under "commands:".
string(REGEX MATCH "commands:\n(.*)\n\n" block "${top}")
string(REGEX MATCHALL "\n  [a-z][a-z-]*" names "\n${CMAKE_MATCH_1}")
set(commands "")
foreach(n ${names})
  string(STRIP "${n}" n)
  list(APPEND commands ${n})
endforeach()
list(LENGTH commands count)
if(count LESS 5)
  message(FATAL_ERROR "gis --help lists ${count} commands; expected the \"commands:\" block:\n${top}")
endif()

roff(top_roff "${top}")
set(page ".TH GIS 1 \"\" \"gis ${VERSION}\" \"User Commands\"
.SH NAME
gis \\- Interior Explorer's command-line tool: query, join, render, edit and serve geographic data
.SH SYNOPSIS
.B gis
.I command
.RI [ options ]
.br
.B gis \\-\\-version
.SH DESCRIPTION
.B gis
reads any format GDAL reads, GeoPackages and PostgreSQL/PostGIS databases, and Interior Explorer projects
(the JSON files the desktop viewer
.BR interior\\-explorer (1)
opens). Each command prints its own help with
.BR \"gis \\fIcommand\\fP \\-\\-help\" ;
the sections below are those texts.
.PP
.nf
${top_roff}.fi
.SH COMMANDS
")
foreach(c ${commands})
  help(text ${c} --help)
  roff(text_roff "${text}")
  string(APPEND page ".SS \"gis ${c}\"\n.nf\n${text_roff}.fi\n")
endforeach()
string(APPEND page ".SH \"EXIT STATUS\"
0 on success, 1 when the command ran and found a failure (a conflict, a violation), 2 for a usage error or an
input that cannot be read; each command's section says which.
.SH FILES
.TP
.I /usr/share/interior\\-explorer/layouts
the print layout templates that
.B gis export\\-map \\-\\-layout
names.
.TP
.I /usr/share/interior\\-explorer
the bundled styles and icons a project may use.
.SH \"SEE ALSO\"
.BR interior\\-explorer (1),
.BR ogrinfo (1),
.BR ogr2ogr (1)
")
file(WRITE ${OUT} "${page}")
