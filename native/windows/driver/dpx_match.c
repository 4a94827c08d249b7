/*
 * Which replicated directory a file is in, and the one function that sends a request to user
 * mode and waits for its answer.
 */
#include "duplexflt.h"

BOOLEAN DpxSnapshot(DPX_VIEW *View)
{
    BOOLEAN active = FALSE;
    FltAcquirePushLockShared(&Globals.Lock);
    if (Globals.Config != NULL && Globals.Config->Mode != DPX_MODE_PASSTHROUGH) {
        View->Mode = Globals.Config->Mode;
        View->ExemptPid = Globals.Config->ExemptPid;
        View->Acl = Globals.Config->Acl;
        View->ReplyTimeout = Globals.Config->ReplyTimeout;
        active = TRUE;
    }
    FltReleasePushLock(&Globals.Lock);
    return active;
}

/* TRUE when Name is Dir itself or below it (whole components, case-insensitive like NTFS). */
static BOOLEAN DpxUnder(PCUNICODE_STRING Name, PCUNICODE_STRING Dir)
{
    if (!RtlPrefixUnicodeString(Dir, Name, TRUE)) {
        return FALSE;
    }
    return Name->Length == Dir->Length || Name->Buffer[Dir->Length / sizeof(WCHAR)] == L'\\';
}

DPX_WHERE DpxLocate(PCUNICODE_STRING Name, UNICODE_STRING *Relative, PVOID *RelativeBuffer)
{
    const DPX_RULE *best = NULL;
    DPX_WHERE where = DPX_OUTSIDE;
    *RelativeBuffer = NULL;
    RtlZeroMemory(Relative, sizeof(*Relative));

    FltAcquirePushLockShared(&Globals.Lock);
    if (Globals.Config != NULL) {
        const DPX_CONFIG *c = Globals.Config;
        for (ULONG i = 0; i < c->RuleCount; i++) {
            if (c->Rules[i].Kind == DPX_RULE_REPLICATED && DpxUnder(Name, &c->Rules[i].Path)
                && (best == NULL || c->Rules[i].Path.Length > best->Path.Length)) {
                best = &c->Rules[i];
            }
        }
        for (ULONG i = 0; best != NULL && i < c->RuleCount; i++) {
            if (c->Rules[i].Kind == DPX_RULE_NOTREPLICATED && DpxUnder(Name, &c->Rules[i].Path)
                && c->Rules[i].Path.Length > best->Path.Length) {
                best = NULL; /* inside a notreplicated directory of the replicated one */
            }
        }
        if (best != NULL) {
            /* Copy the part after "<dir>\" while the rule is guaranteed alive. */
            USHORT skip = best->Path.Length + (Name->Length > best->Path.Length ? sizeof(WCHAR) : 0);
            USHORT len = Name->Length - skip;
            PVOID buf = len ? ExAllocatePoolZero(PagedPool, len, DPX_TAG) : NULL;
            if (len == 0 || buf != NULL) {
                if (len) {
                    RtlCopyMemory(buf, (PUCHAR)Name->Buffer + skip, len);
                }
                Relative->Buffer = buf;
                Relative->Length = len;
                Relative->MaximumLength = len;
                *RelativeBuffer = buf;
                where = DPX_REPLICATED;
            } else {
                where = DPX_LOCATE_FAILED; /* the caller fails the I/O: never let an unsent change through */
            }
        }
    }
    FltReleasePushLock(&Globals.Lock);
    return where;
}

NTSTATUS DpxFileName(PFLT_CALLBACK_DATA Data, PFLT_FILE_NAME_INFORMATION *Info)
{
    NTSTATUS status = FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, Info);
    if (NT_SUCCESS(status)) {
        status = FltParseFileNameInformation(*Info);
        if (!NT_SUCCESS(status)) {
            FltReleaseFileNameInformation(*Info);
            *Info = NULL;
        }
    }
    return status;
}

/* The NTFS file id of an open file, 0 when unknown (e.g. before the create completed). */
static ULONGLONG DpxFileId(PCFLT_RELATED_OBJECTS Objects)
{
    FILE_INTERNAL_INFORMATION info;
    ULONG returned = 0;
    if (Objects == NULL || Objects->FileObject == NULL || Objects->Instance == NULL) {
        return 0;
    }
    if (!NT_SUCCESS(FltQueryInformationFile(Objects->Instance, Objects->FileObject, &info, sizeof(info),
                                            FileInternalInformation, &returned))) {
        return 0;
    }
    return (ULONGLONG)info.IndexNumber.QuadPart;
}

NTSTATUS DpxSend(ULONG Op, ULONG Flags, PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS Objects,
                 PCUNICODE_STRING Path, PCUNICODE_STRING Path2, const VOID *Bytes, ULONG ByteCount,
                 LONGLONG Offset, ULONGLONG Value, ULONGLONG Value2, const DPX_VIEW *View)
{
    struct dpx_request *req;
    struct dpx_reply reply;
    ULONG replyLength = sizeof(reply);
    ULONG path2Bytes = Path2 ? Path2->Length : 0;
    ULONG size;
    PUCHAR p;
    NTSTATUS status;
    LARGE_INTEGER timeout = View->ReplyTimeout;

    if (ByteCount > DPX_MAX_DATA_BYTES) {
        return STATUS_INVALID_PARAMETER; /* documented limit: one huge non-cached write */
    }
    size = sizeof(*req) + Path->Length + path2Bytes + ByteCount;
    req = ExAllocatePoolZero(PagedPool, size, DPX_TAG);
    if (req == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    req->version = DPX_PROTOCOL_VERSION;
    req->op = Op;
    req->pid = (ULONG)(ULONG_PTR)PsGetCurrentProcessId();
    req->flags = Flags;
    req->file_id = Op == DPX_OP_CREATE || Op == DPX_OP_MKDIR ? 0 : DpxFileId(Objects);
    req->offset = Offset;
    req->value = Value;
    req->value2 = Value2;
    req->path_bytes = Path->Length;
    req->path2_bytes = path2Bytes;
    req->data_bytes = ByteCount;
    p = (PUCHAR)(req + 1);
    if (Path->Length) {
        RtlCopyMemory(p, Path->Buffer, Path->Length);
    }
    p += Path->Length;
    if (path2Bytes) {
        RtlCopyMemory(p, Path2->Buffer, path2Bytes);
    }
    p += path2Bytes;
    if (ByteCount) {
        __try {
            RtlCopyMemory(p, Bytes, ByteCount); /* may be a user buffer */
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            ExFreePoolWithTag(req, DPX_TAG);
            return GetExceptionCode();
        }
    }
    UNREFERENCED_PARAMETER(Data);

    /* &Globals.ClientPort, not a copy: FltCloseClientPort synchronizes with senders through it. */
    status = FltSendMessage(Globals.Filter, &Globals.ClientPort, req, size, &reply, &replyLength, &timeout);
    ExFreePoolWithTag(req, DPX_TAG);
    if (status == STATUS_TIMEOUT) {
        /* No answer within iotimeout: fail the I/O rather than let an unreplicated change through;
         * user mode's own replication timeout (shorter) is meant to answer first, going ALONE. */
        return STATUS_IO_TIMEOUT;
    }
    if (status == STATUS_PORT_DISCONNECTED) {
        return STATUS_SUCCESS; /* service gone: passthrough, as DpxDisconnect is about to set */
    }
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (replyLength < sizeof(reply)) {
        return STATUS_UNSUCCESSFUL;
    }
    return (NTSTATUS)reply.ntstatus;
}
