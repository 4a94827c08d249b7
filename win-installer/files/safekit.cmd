@echo off
rem SafeKit compatibility command for module scripts ("%SAFE%\safekit" printi|printe|stop -i|set|get|
rem errd|incloop|kill|-r ...). Installed as SAFE\safekit.cmd and SAFEBIN\safekit.cmd. The Duplex CLI
rem has SafeKit's verbs at its top level, so this is the duplex command under SafeKit's name, with
rem the caller's environment (SAFEMODULE selects the module).
setlocal
set "DUPLEX_HOME=%~dp0"
set "DUPLEX_HOME=%DUPLEX_HOME:~0,-1%"
rem SAFEBIN\safekit.cmd lives two levels below the install directory (private\bin).
if not exist "%DUPLEX_HOME%\lib" for %%I in ("%DUPLEX_HOME%\..\..") do set "DUPLEX_HOME=%%~fI"
if not defined DUPLEX_SAFE set "DUPLEX_SAFE=%DUPLEX_HOME%"
if not defined DUPLEX_SAFEVAR set "DUPLEX_SAFEVAR=%ProgramData%\Duplex"
rem No parenthesized blocks around %VAR% expansions: a ")" in "Program Files (x86)" would end them.
set "DUPLEX_JAVA=java.exe"
if defined JAVA_HOME set "DUPLEX_JAVA=%JAVA_HOME%\bin\java.exe"
"%DUPLEX_JAVA%" --enable-native-access=ALL-UNNAMED "-Dduplex.home=%DUPLEX_HOME%" "-Dduplex.var=%DUPLEX_SAFEVAR%" ^
  "-Djna.library.path=%DUPLEX_HOME%\bin" -cp "%DUPLEX_HOME%\lib\*" org.duplex.cli.Main %*
exit /b %ERRORLEVEL%
