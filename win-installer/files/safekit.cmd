@echo off
rem SafeKit compatibility command for module scripts ("%SAFE%\safekit" printi|printe|stop -i|set|get|
rem errd|incloop|kill|-r ...). Installed as SAFE\safekit.cmd and SAFEBIN\safekit.cmd; runs the
rem Duplex CLI's `safekit` command with the caller's environment (SAFEMODULE selects the module).
setlocal
set "DUPLEX_HOME=%~dp0"
set "DUPLEX_HOME=%DUPLEX_HOME:~0,-1%"
rem SAFEBIN\safekit.cmd lives two levels below the install directory (private\bin).
if not exist "%DUPLEX_HOME%\lib" for %%I in ("%DUPLEX_HOME%\..\..") do set "DUPLEX_HOME=%%~fI"
if defined JAVA_HOME (set "DUPLEX_JAVA=%JAVA_HOME%\bin\java.exe") else (set "DUPLEX_JAVA=java.exe")
"%DUPLEX_JAVA%" --enable-native-access=ALL-UNNAMED "-Dduplex.home=%DUPLEX_HOME%" "-Dduplex.var=%ProgramData%\Duplex" ^
  "-Djna.library.path=%DUPLEX_HOME%\bin" -cp "%DUPLEX_HOME%\lib\*" org.duplex.cli.Main safekit %*
exit /b %ERRORLEVEL%
