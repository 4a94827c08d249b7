@echo off
rem Duplex command line on Windows: runs the CLI with the Java that procrun uses.
rem Java: %JAVA_HOME% if set, else java.exe on the PATH (the MSI refuses to install without either).
setlocal
set "DUPLEX_HOME=%~dp0"
set "DUPLEX_HOME=%DUPLEX_HOME:~0,-1%"
if not defined DUPLEX_SAFE set "DUPLEX_SAFE=%DUPLEX_HOME%"
if not defined DUPLEX_SAFEVAR set "DUPLEX_SAFEVAR=%ProgramData%\Duplex"
rem No parenthesized blocks around %VAR% expansions: a ")" in "Program Files (x86)" would end them.
set "DUPLEX_JAVA=java.exe"
if defined JAVA_HOME set "DUPLEX_JAVA=%JAVA_HOME%\bin\java.exe"
"%DUPLEX_JAVA%" --enable-native-access=ALL-UNNAMED "-Dduplex.home=%DUPLEX_HOME%" "-Dduplex.var=%DUPLEX_SAFEVAR%" ^
  "-Djna.library.path=%DUPLEX_HOME%\bin" "-Dlogback.configurationFile=%DUPLEX_HOME%\conf\logback.xml" ^
  -cp "%DUPLEX_HOME%\lib\*" org.duplex.cli.Main %*
exit /b %ERRORLEVEL%
