@echo off

rem Script called on the primary server for stopping application services

rem For logging into the module log use:
rem "%SAFE%\safekit" printi | printe "message"

rem ----------------------------------------------------------
rem 2 stop modes:
rem - graceful stop
rem   call standard application stop with net stop
rem - force stop (%1=force)
rem   kill application's processes
rem ----------------------------------------------------------

rem stdout goes into the application log
echo "Running stop_prim %*"

set res=0

rem action on force stop
if "%1" == "force" (
  "%SAFE%\safekit" printi "Force stop: kill processes of Samsung SSM application"
  "%SAFE%\safekit" kill -name="watchservices.exe" -level="terminate"
  "%SAFE%\safekit" kill -name="java.exe" -argregex=".*systemmanager.*" -level="terminate"
  "%SAFE%\safekit" kill -name="pg_ctl.exe" -level="terminate"
  "%SAFE%\safekit" kill -name="postgres.exe" -level="terminate"
  "%SAFE%\safekit" kill -name="HAServerService.exe" -level="terminate"
  "%SAFE%\safekit" kill -name="systemanager.exe" -level="terminate"
  goto end
)

rem "%SAFE%\safekit" printi "Stopping HA Server Service"
rem net stop "HA Server Service"

"%SAFE%\safekit" printi "Stopping SSM Watch Services Manager"
net stop "SSM Watch Services Manager"

"%SAFE%\safekit" printi "Stopping SSM System Manager"
net stop "SSM System Manager"

"%SAFE%\safekit" printi "Stopping PostgreSQL (postgresql-9.1 - PostgreSQL Server 9.1)"
net stop "postgresql-9.1 - PostgreSQL Server 9.1"
del C:\PostgreSQL\9.1\data\postmaster.pid

rem Wait a little for the real stop of services
"%SAFEBIN%\sleep" 10

if %res% == 0 goto end

"%SAFE%\safekit" printe "stop_prim failed"

:end
exit /b %res%
