@echo off

rem Script called when the module starts, before anything else: makes sure the SSM services are
rem not running outside the cluster's control (they may have been started by hand or at boot).

echo "Running prestart %*"

rem Graceful stop, then force stop, as SafeKit's generic prestart does.
call "%SAFEUSERBIN%\stop_prim.cmd" prestart
call "%SAFEUSERBIN%\stop_prim.cmd" force

exit /b 0
