@echo off
rem Duplex command line on Windows: runs the CLI with the Java that procrun uses.
rem Java: %JAVA_HOME% if set, else java.exe on the PATH (the MSI refuses to install without either).
setlocal
set "DUPLEX_HOME=%~dp0"
set "DUPLEX_HOME=%DUPLEX_HOME:~0,-1%"
if defined JAVA_HOME (set "DUPLEX_JAVA=%JAVA_HOME%\bin\java.exe") else (set "DUPLEX_JAVA=java.exe")
"%DUPLEX_JAVA%" --enable-native-access=ALL-UNNAMED "-Dduplex.home=%DUPLEX_HOME%" "-Dduplex.var=%ProgramData%\Duplex" ^
  "-Djna.library.path=%DUPLEX_HOME%\bin" "-Dlogback.configurationFile=%DUPLEX_HOME%\conf\logback.xml" ^
  -cp "%DUPLEX_HOME%\lib\*" org.duplex.cli.Main %*
exit /b %ERRORLEVEL%
