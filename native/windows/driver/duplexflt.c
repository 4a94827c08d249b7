/*
 * DuplexFlt registration, load/unload, the communication port and the configuration pushed from
 * user mode. See duplexflt.h for the file layout and PROTOCOL.md for the messages.
 *
 * One client at a time (the Duplex service). When it disconnects (service stopped or crashed) the
 * configuration is dropped and every I/O passes untouched: the directories are plain directories
 * again, exactly like a stopped SafeKit module; user mode finds changes made meanwhile at its next
 * start (DESIGN.md, "changes made while Duplex was stopped").
 */
#include "duplexflt.h"

DPX_GLOBALS Globals;

static NTSTATUS FLTAPI DpxUnload(FLT_FILTER_UNLOAD_FLAGS Flags);
static NTSTATUS FLTAPI DpxInstanceSetup(PCFLT_RELATED_OBJECTS Objects, FLT_INSTANCE_SETUP_FLAGS Flags,
                                        DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType);

static const FLT_OPERATION_REGISTRATION Callbacks[] = {
    {IRP_MJ_CREATE, 0, DpxPreCreate, DpxPostCreate},
    /* Paging I/O is not skipped: mapped-section writes reach the file only that way. */
    {IRP_MJ_WRITE, 0, DpxPreWrite, NULL},
    {IRP_MJ_SET_INFORMATION, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, DpxPreSetInformation, NULL},
    {IRP_MJ_CLEANUP, 0, DpxPreCleanup, NULL},
    {IRP_MJ_FLUSH_BUFFERS, 0, DpxPreFlush, NULL},
    {IRP_MJ_SET_EA, 0, DpxPreSetEaOrSecurity, NULL},
    {IRP_MJ_SET_SECURITY, 0, DpxPreSetEaOrSecurity, NULL},
    {IRP_MJ_ACQUIRE_FOR_SECTION_SYNCHRONIZATION, 0, DpxPreAcquireForSection, NULL},
    {IRP_MJ_OPERATION_END}};

static const FLT_CONTEXT_REGISTRATION Contexts[] = {
    {FLT_STREAM_CONTEXT, 0, NULL, sizeof(DPX_STREAM_CONTEXT), DPX_TAG},
    {FLT_STREAMHANDLE_CONTEXT, 0, NULL, sizeof(DPX_HANDLE_CONTEXT), DPX_TAG},
    {FLT_CONTEXT_END}};

static const FLT_REGISTRATION Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    Contexts,
    Callbacks,
    DpxUnload,
    DpxInstanceSetup,
    NULL, /* InstanceQueryTeardown: default allows detach */
    NULL,
    NULL,
    NULL, /* GenerateFileName */
    NULL,
    NULL};

/* Attach to local NTFS/ReFS volumes only: replicated directories must be local (FilterConfig). */
static NTSTATUS FLTAPI DpxInstanceSetup(PCFLT_RELATED_OBJECTS Objects, FLT_INSTANCE_SETUP_FLAGS Flags,
                                        DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    UNREFERENCED_PARAMETER(Objects);
    UNREFERENCED_PARAMETER(Flags);
    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    if (VolumeFilesystemType != FLT_FSTYPE_NTFS && VolumeFilesystemType != FLT_FSTYPE_REFS) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}

void DpxFreeConfig(DPX_CONFIG *Config)
{
    if (Config == NULL) {
        return;
    }
    for (ULONG i = 0; i < Config->RuleCount; i++) {
        if (Config->Rules[i].Path.Buffer != NULL) {
            ExFreePoolWithTag(Config->Rules[i].Path.Buffer, DPX_TAG);
        }
    }
    ExFreePoolWithTag(Config, DPX_TAG);
}

/* Installs NewConfig (may be NULL = passthrough) and frees the old one. */
static void DpxReplaceConfig(DPX_CONFIG *NewConfig)
{
    DPX_CONFIG *old;
    FltAcquirePushLockExclusive(&Globals.Lock);
    old = Globals.Config;
    Globals.Config = NewConfig;
    FltReleasePushLock(&Globals.Lock);
    DpxFreeConfig(old);
}

/* Parses DPX_CMD_SET_CONFIG from a user buffer (already probed and captured by the caller). */
static NTSTATUS DpxParseConfig(const UCHAR *Buffer, ULONG Length, DPX_CONFIG **Out)
{
    struct dpx_config head;
    ULONG offset = sizeof(head);
    DPX_CONFIG *config;

    if (Length < sizeof(head)) {
        return STATUS_INVALID_PARAMETER;
    }
    RtlCopyMemory(&head, Buffer, sizeof(head));
    if (head.version != DPX_PROTOCOL_VERSION || head.mode > DPX_MODE_READ_ONLY || head.rule_count > DPX_MAX_RULES
        || head.reply_timeout_seconds == 0) {
        return STATUS_INVALID_PARAMETER;
    }
    config = ExAllocatePoolZero(PagedPool, sizeof(*config), DPX_TAG); /* zeroed */
    if (config == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    config->Mode = head.mode;
    config->ExemptPid = head.exempt_pid;
    config->Acl = head.acl != 0;
    config->ReplyTimeout.QuadPart = -(LONGLONG)head.reply_timeout_seconds * 10000000LL;
    for (ULONG i = 0; i < head.rule_count; i++) {
        struct dpx_rule rule;
        if (Length - offset < sizeof(rule)) {
            DpxFreeConfig(config);
            return STATUS_INVALID_PARAMETER;
        }
        RtlCopyMemory(&rule, Buffer + offset, sizeof(rule));
        offset += sizeof(rule);
        if (rule.path_bytes == 0 || rule.path_bytes > 0xFFFE || (rule.path_bytes & 1) || Length - offset < rule.path_bytes
            || (rule.kind != DPX_RULE_REPLICATED && rule.kind != DPX_RULE_NOTREPLICATED)) {
            DpxFreeConfig(config);
            return STATUS_INVALID_PARAMETER;
        }
        config->Rules[i].Kind = rule.kind;
        config->Rules[i].Path.Buffer = ExAllocatePoolZero(PagedPool, rule.path_bytes, DPX_TAG);
        if (config->Rules[i].Path.Buffer == NULL) {
            DpxFreeConfig(config);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        config->RuleCount = i + 1; /* so DpxFreeConfig frees what was allocated */
        RtlCopyMemory(config->Rules[i].Path.Buffer, Buffer + offset, rule.path_bytes);
        config->Rules[i].Path.Length = (USHORT)rule.path_bytes;
        config->Rules[i].Path.MaximumLength = (USHORT)rule.path_bytes;
        offset += rule.path_bytes;
    }
    *Out = config;
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI DpxConnect(PFLT_PORT ClientPort, PVOID ServerCookie, PVOID Context, ULONG Size, PVOID *ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ServerCookie);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Size);
    *ConnectionCookie = NULL;
    /* MaxConnections is 1: the Filter Manager refuses a second client before this callback. */
    Globals.ClientPort = ClientPort;
    return STATUS_SUCCESS;
}

static VOID FLTAPI DpxDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    DpxReplaceConfig(NULL); /* service gone: plain directories again */
    /* On the global itself, as Microsoft's scanner sample does: senders in FltSendMessage hold
     * &Globals.ClientPort and are woken with STATUS_PORT_DISCONNECTED. */
    FltCloseClientPort(Globals.Filter, &Globals.ClientPort);
}

static NTSTATUS FLTAPI DpxMessage(PVOID PortCookie, PVOID Input, ULONG InputLength, PVOID Output, ULONG OutputLength,
                                  PULONG ReturnLength)
{
    UCHAR *copy;
    ULONG command;
    NTSTATUS status;
    DPX_CONFIG *config = NULL;
    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(Output);
    UNREFERENCED_PARAMETER(OutputLength);
    *ReturnLength = 0;
    if (Input == NULL || InputLength < sizeof(ULONG) || InputLength > 64 * 1024 + sizeof(struct dpx_config)) {
        return STATUS_INVALID_PARAMETER;
    }
    /* The input buffer is user memory: capture it once, inside __try, then parse the copy. */
    copy = ExAllocatePoolZero(PagedPool, InputLength, DPX_TAG);
    if (copy == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    __try {
        ProbeForRead(Input, InputLength, 1);
        RtlCopyMemory(copy, Input, InputLength);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        ExFreePoolWithTag(copy, DPX_TAG);
        return GetExceptionCode();
    }
    RtlCopyMemory(&command, copy, sizeof(command));
    if (command == DPX_CMD_SET_CONFIG) {
        status = DpxParseConfig(copy, InputLength, &config);
        if (NT_SUCCESS(status)) {
            DpxReplaceConfig(config);
        }
    } else if (command == DPX_CMD_CLEAR_CONFIG) {
        DpxReplaceConfig(NULL);
        status = STATUS_SUCCESS;
    } else {
        status = STATUS_INVALID_PARAMETER;
    }
    ExFreePoolWithTag(copy, DPX_TAG);
    return status;
}

static NTSTATUS FLTAPI DpxUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltCloseCommunicationPort(Globals.ServerPort); /* no new connections */
    FltUnregisterFilter(Globals.Filter);           /* closes the client port (DpxDisconnect) and waits for callbacks */
    DpxReplaceConfig(NULL);
    FltDeletePushLock(&Globals.Lock);
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name = RTL_CONSTANT_STRING(DPX_PORT_NAME);
    UNREFERENCED_PARAMETER(RegistryPath);

    ExInitializeDriverRuntime(DrvRtPoolNxOptIn);
    RtlZeroMemory(&Globals, sizeof(Globals));
    FltInitializePushLock(&Globals.Lock);
    status = FltRegisterFilter(DriverObject, &Registration, &Globals.Filter);
    if (!NT_SUCCESS(status)) {
        FltDeletePushLock(&Globals.Lock);
        return status;
    }
    /* Default descriptor: only SYSTEM and Administrators may connect (the service runs as LocalSystem). */
    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (NT_SUCCESS(status)) {
        InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, sd);
        status = FltCreateCommunicationPort(Globals.Filter, &Globals.ServerPort, &oa, NULL, DpxConnect, DpxDisconnect,
                                            DpxMessage, 1);
        FltFreeSecurityDescriptor(sd);
    }
    if (NT_SUCCESS(status)) {
        status = FltStartFiltering(Globals.Filter);
        if (!NT_SUCCESS(status)) {
            FltCloseCommunicationPort(Globals.ServerPort);
        }
    }
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(Globals.Filter);
        FltDeletePushLock(&Globals.Lock);
    }
    return status;
}
