/*
 * duplex-setup.exe: the MSI's deferred custom actions (run as LocalSystem), in one small program
 * because msitools' wixl can only run an installed executable (custom action type 18):
 *
 *   duplex-setup install-driver   <path\duplexflt.inf>   InstallHinfSection DefaultInstall.NTamd64
 *   duplex-setup uninstall-driver <path\duplexflt.inf>   InstallHinfSection DefaultUninstall.NTamd64
 *   duplex-setup service-recovery <service> <reset s> <delay ms> <delay ms> <delay ms>
 *                                 SCM recovery: restart after each delay (ChangeServiceConfig2)
 *
 * Exit code 0 on success, else the Win32 error; a message goes to stderr (the MSI log keeps it).
 */
#include <windows.h>
#include <setupapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

static int fail(const wchar_t *what, DWORD err)
{
    fwprintf(stderr, L"duplex-setup: %ls failed (Win32 error %lu)\n", what, (unsigned long)err);
    return err ? (int)err : 1;
}

static int hinf(const wchar_t *section, const wchar_t *inf)
{
    /* "<section> 132 <inf>": 128 = the INF path is given, +4 = reboot only if needed, no prompt. */
    wchar_t cmd[MAX_PATH + 64];
    if (swprintf(cmd, sizeof(cmd) / sizeof(cmd[0]), L"%ls 132 %ls", section, inf) < 0) {
        return fail(L"command line (path too long)", ERROR_FILENAME_EXCED_RANGE);
    }
    if (GetFileAttributesW(inf) == INVALID_FILE_ATTRIBUTES) {
        return fail(inf, GetLastError());
    }
    InstallHinfSectionW(NULL, NULL, cmd, 0); /* returns nothing; check the result through the service */
    return 0;
}

static int recovery(int argc, wchar_t **argv)
{
    SC_ACTION actions[3];
    SERVICE_FAILURE_ACTIONSW fa;
    SC_HANDLE scm, svc;
    int rc = 0;
    if (argc != 7) {
        return fail(L"service-recovery: usage <service> <reset s> <ms> <ms> <ms>", ERROR_INVALID_PARAMETER);
    }
    for (int i = 0; i < 3; i++) {
        actions[i].Type = SC_ACTION_RESTART;
        actions[i].Delay = (DWORD)wcstoul(argv[4 + i], NULL, 10);
    }
    fa.dwResetPeriod = (DWORD)wcstoul(argv[3], NULL, 10);
    fa.lpRebootMsg = NULL;
    fa.lpCommand = NULL;
    fa.cActions = 3;
    fa.lpsaActions = actions;
    scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
    if (scm == NULL) {
        return fail(L"OpenSCManager", GetLastError());
    }
    /* SERVICE_START is needed to configure SC_ACTION_RESTART. */
    svc = OpenServiceW(scm, argv[2], SERVICE_CHANGE_CONFIG | SERVICE_START);
    if (svc == NULL) {
        rc = fail(L"OpenService", GetLastError());
    } else {
        if (!ChangeServiceConfig2W(svc, SERVICE_CONFIG_FAILURE_ACTIONS, &fa)) {
            rc = fail(L"ChangeServiceConfig2", GetLastError());
        }
        CloseServiceHandle(svc);
    }
    CloseServiceHandle(scm);
    return rc;
}

int wmain(int argc, wchar_t **argv)
{
    if (argc >= 3 && wcscmp(argv[1], L"install-driver") == 0) {
        return hinf(L"DefaultInstall.NTamd64", argv[2]);
    }
    if (argc >= 3 && wcscmp(argv[1], L"uninstall-driver") == 0) {
        return hinf(L"DefaultUninstall.NTamd64", argv[2]);
    }
    if (argc >= 2 && wcscmp(argv[1], L"service-recovery") == 0) {
        return recovery(argc, argv);
    }
    return fail(L"usage: install-driver <inf> | uninstall-driver <inf> | service-recovery <svc> <reset> <ms> <ms> <ms>",
                ERROR_INVALID_PARAMETER);
}
