@echo off

rem Script called on the primary server for starting application services

rem For logging into the module log use:
rem "%SAFE%\safekit" printi | printe "message"

rem stdout goes into the application log
echo "Running start_prim %*"

set res=0

rem Set the start type of these services to Manual: Duplex starts them on the primary only.

net start "postgresql-9.1 - PostgreSQL Server 9.1"
if not %errorlevel% == 0 (
  "%SAFE%\safekit" printi "PostgreSQL (postgresql-9.1 - PostgreSQL Server 9.1) start failed"
  goto stop
) else (
  "%SAFE%\safekit" printi "PostgreSQL (postgresql-9.1 - PostgreSQL Server 9.1) started"
)

net start "SSM System Manager"
if not %errorlevel% == 0 (
  "%SAFE%\safekit" printi "SSM System Manager start failed"
  goto stop
) else (
  "%SAFE%\safekit" printi "SSM System Manager started"
)

net start "SSM Watch Services Manager"
if not %errorlevel% == 0 (
  "%SAFE%\safekit" printi "SSM Watch Services Manager start failed"
  goto stop
) else (
  "%SAFE%\safekit" printi "SSM Watch Services Manager started"
)

rem net start "HA Server Service"
rem if not %errorlevel% == 0 (
rem   "%SAFE%\safekit" printi "HA Server Service start failed"
rem   goto stop
rem ) else (
rem   "%SAFE%\safekit" printi "HA Server Service started"
rem )

if %res% == 0 goto end

:stop
set res=%errorlevel%
"%SAFE%\safekit" printe "start_prim failed"

rem uncomment to stop the module when critical
rem "%SAFE%\safekit" stop -i "start_prim"

:end
exit /b %res%
