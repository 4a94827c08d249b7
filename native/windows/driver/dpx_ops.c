/*
 * The operation callbacks. Each one: (1) leaves at once when no configuration is active, when
 * the caller is the Duplex service itself (its applier and resync write underneath everything),
 * or when the file is outside the replicated directories; (2) on the secondary (READ_ONLY) fails
 * the change with STATUS_MEDIA_WRITE_PROTECTED; (3) on the primary sends the change up with
 * DpxSend and lets the I/O proceed only if user mode answered with success.
 *
 * Which callback sees what (PROTOCOL.md has the table):
 *   CREATE        post-create at PASSIVE_LEVEL (FLT_PREOP_SYNCHRONIZE): only then is it known
 *                 whether the file was created, overwritten or just opened
 *   WRITE         pre-write, cached/non-cached writes; paging writes only for streams that have a
 *                 writable section (memory-mapped files), so no byte is sent twice
 *   SET_INFORMATION rename, delete disposition, end of file, allocation, times; hard links refused
 *   CLEANUP       deletion of a FILE_DELETE_ON_CLOSE handle
 *   FLUSH_BUFFERS fsync
 *   SET_EA / SET_SECURITY only with acl="on"
 */
#include "duplexflt.h"

typedef struct _DPX_TARGET {
    DPX_VIEW View;
    UNICODE_STRING Rel;
    PVOID RelBuffer;
} DPX_TARGET;

static void DpxEnd(DPX_TARGET *T)
{
    if (T->RelBuffer != NULL) {
        ExFreePoolWithTag(T->RelBuffer, DPX_TAG);
        T->RelBuffer = NULL;
    }
}

/* Is this I/O one Duplex must look at? Fills T on DPX_REPLICATED (the caller calls DpxEnd). */
static DPX_WHERE DpxTarget(PFLT_CALLBACK_DATA Data, DPX_TARGET *T)
{
    PFLT_FILE_NAME_INFORMATION name = NULL;
    DPX_WHERE where;
    RtlZeroMemory(T, sizeof(*T));
    if (!DpxSnapshot(&T->View)) {
        return DPX_OUTSIDE;
    }
    if ((ULONG)(ULONG_PTR)PsGetCurrentProcessId() == T->View.ExemptPid) {
        return DPX_OUTSIDE;
    }
    if (!NT_SUCCESS(DpxFileName(Data, &name))) {
        /* No name (e.g. a volume open): cannot be inside a replicated directory. */
        return DPX_OUTSIDE;
    }
    where = DpxLocate(&name->Name, &T->Rel, &T->RelBuffer);
    FltReleaseFileNameInformation(name);
    return where;
}

static FLT_PREOP_CALLBACK_STATUS DpxFinish(PFLT_CALLBACK_DATA Data, NTSTATUS Status)
{
    if (NT_SUCCESS(Status)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    Data->IoStatus.Status = Status;
    Data->IoStatus.Information = 0;
    return FLT_PREOP_COMPLETE;
}

static ULONG DpxDirFlag(PCFLT_RELATED_OBJECTS Objects)
{
    BOOLEAN dir = FALSE;
    if (NT_SUCCESS(FltIsDirectory(Objects->FileObject, Objects->Instance, &dir)) && dir) {
        return DPX_FLAG_DIRECTORY;
    }
    return 0;
}

/* ---- CREATE ---- */

FLT_PREOP_CALLBACK_STATUS FLTAPI DpxPreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS Objects, PVOID *Completion)
{
    ULONG disposition = (Data->Iopb->Parameters.Create.Options >> 24) & 0xFF;
    ULONG options = Data->Iopb->Parameters.Create.Options & 0x00FFFFFF;
    DPX_TARGET t;
    DPX_WHERE where;
    UNREFERENCED_PARAMETER(Objects);
    *Completion = NULL;

    if (disposition == FILE_OPEN && !(options & FILE_DELETE_ON_CLOSE)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK; /* opening never changes anything by itself */
    }
    if (FlagOn(Data->Iopb->OperationFlags, SL_OPEN_PAGING_FILE) || FlagOn(Data->Iopb->TargetFileObject->Flags, FO_VOLUME_OPEN)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    where = DpxTarget(Data, &t);
    DpxEnd(&t); /* the name is taken again after the create, when it is final */
    if (where == DPX_OUTSIDE) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    if (where == DPX_LOCATE_FAILED) {
        return DpxFinish(Data, STATUS_INSUFFICIENT_RESOURCES);
    }
    if (t.View.Mode == DPX_MODE_READ_ONLY) {
        return DpxFinish(Data, STATUS_MEDIA_WRITE_PROTECTED);
    }
    return FLT_PREOP_SYNCHRONIZE; /* post-create runs on this thread at PASSIVE_LEVEL */
}

static void DpxMarkDeleteOnClose(PCFLT_RELATED_OBJECTS Objects)
{
    DPX_HANDLE_CONTEXT *ctx = NULL;
    if (NT_SUCCESS(FltAllocateContext(Globals.Filter, FLT_STREAMHANDLE_CONTEXT, sizeof(*ctx), PagedPool, (PFLT_CONTEXT *)&ctx))) {
        ctx->DeleteOnClose = TRUE;
        (void)FltSetStreamHandleContext(Objects->Instance, Objects->FileObject, FLT_SET_CONTEXT_REPLACE_IF_EXISTS, ctx, NULL);
        FltReleaseContext(ctx);
    }
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI DpxPostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS Objects, PVOID Completion,
                                                FLT_POST_OPERATION_FLAGS Flags)
{
    DPX_TARGET t;
    ULONG op = 0;
    NTSTATUS status;
    UNREFERENCED_PARAMETER(Completion);
    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(Data->IoStatus.Status)
        || Data->IoStatus.Status == STATUS_REPARSE) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    switch (Data->IoStatus.Information) {
    case FILE_CREATED:
        op = DpxDirFlag(Objects) ? DPX_OP_MKDIR : DPX_OP_CREATE;
        break;
    case FILE_OVERWRITTEN:
    case FILE_SUPERSEDED:
        op = DPX_OP_TRUNCATE_ON_OPEN;
        break;
    default:
        break;
    }
    switch (DpxTarget(Data, &t)) {
    case DPX_OUTSIDE:
        return FLT_POSTOP_FINISHED_PROCESSING;
    case DPX_LOCATE_FAILED:
        if (op != 0) { /* a change that cannot be sent must not happen silently */
            FltCancelFileOpen(Objects->Instance, Objects->FileObject);
            Data->IoStatus.Status = STATUS_INSUFFICIENT_RESOURCES;
            Data->IoStatus.Information = 0;
        }
        return FLT_POSTOP_FINISHED_PROCESSING;
    default:
        break;
    }
    if (Data->Iopb->Parameters.Create.Options & FILE_DELETE_ON_CLOSE) {
        DpxMarkDeleteOnClose(Objects);
    }
    if (op != 0) {
        status = DpxSend(op, DpxDirFlag(Objects), Data, Objects, &t.Rel, NULL, NULL, 0, 0,
                         Data->Iopb->Parameters.Create.FileAttributes, 0, &t.View);
        if (!NT_SUCCESS(status)) {
            /* Not replicated: undo the open so the application sees the failure. A file created
             * here stays on this node; user mode already treats the peer as out of date. */
            FltCancelFileOpen(Objects->Instance, Objects->FileObject);
            Data->IoStatus.Status = status;
            Data->IoStatus.Information = 0;
        }
    }
    DpxEnd(&t);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

/* ---- WRITE ---- */

static BOOLEAN DpxHasWritableSection(PCFLT_RELATED_OBJECTS Objects)
{
    DPX_STREAM_CONTEXT *ctx = NULL;
    BOOLEAN writable = FALSE;
    if (NT_SUCCESS(FltGetStreamContext(Objects->Instance, Objects->FileObject, (PFLT_CONTEXT *)&ctx))) {
        writable = ctx->WritableSection;
        FltReleaseContext(ctx);
    }
    return writable;
}

/* The absolute offset of a write, resolving "append" and "current position" forms. */
static LONGLONG DpxWriteOffset(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS Objects)
{
    LARGE_INTEGER off = Data->Iopb->Parameters.Write.ByteOffset;
    if (off.HighPart == -1 && off.LowPart == FILE_WRITE_TO_END_OF_FILE) {
        FILE_STANDARD_INFORMATION std;
        if (NT_SUCCESS(FltQueryInformationFile(Objects->Instance, Objects->FileObject, &std, sizeof(std),
                                               FileStandardInformation, NULL))) {
            return std.EndOfFile.QuadPart;
        }
        return -1;
    }
    if (off.HighPart == -1 && off.LowPart == FILE_USE_FILE_POINTER_POSITION) {
        return Objects->FileObject->CurrentByteOffset.QuadPart;
    }
    return off.QuadPart;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI DpxPreWrite(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS Objects, PVOID *Completion)
{
    ULONG length = Data->Iopb->Parameters.Write.Length;
    BOOLEAN paging = FlagOn(Data->Iopb->IrpFlags, IRP_PAGING_IO) != 0;
    BOOLEAN noncached = FlagOn(Data->Iopb->IrpFlags, IRP_NOCACHE) != 0;
    BOOLEAN writableSection;
    const VOID *bytes;
    LONGLONG offset;
    DPX_TARGET t;
    DPX_WHERE where;
    NTSTATUS status;
    *Completion = NULL;

    if (length == 0) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    writableSection = DpxHasWritableSection(Objects);
    /* Send each byte once: cached writes at write time, except on mapped streams, whose data
     * (cached writes included) is sent when the pages are written (paging I/O). */
    if (paging ? !writableSection : (writableSection && !noncached)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    where = DpxTarget(Data, &t);
    if (where == DPX_OUTSIDE) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    if (where == DPX_LOCATE_FAILED) {
        return DpxFinish(Data, STATUS_INSUFFICIENT_RESOURCES);
    }
    if (t.View.Mode == DPX_MODE_READ_ONLY) {
        DpxEnd(&t);
        /* Paging writes are not refused (that would lose data of an application that mapped the
         * file before the node became SECOND); creating writable handles already is. */
        return paging ? FLT_PREOP_SUCCESS_NO_CALLBACK : DpxFinish(Data, STATUS_MEDIA_WRITE_PROTECTED);
    }
    if (Data->Iopb->Parameters.Write.MdlAddress != NULL) {
        bytes = MmGetSystemAddressForMdlSafe(Data->Iopb->Parameters.Write.MdlAddress, NormalPagePriority | MdlMappingNoExecute);
        if (bytes == NULL) {
            DpxEnd(&t);
            return DpxFinish(Data, STATUS_INSUFFICIENT_RESOURCES);
        }
    } else {
        bytes = Data->Iopb->Parameters.Write.WriteBuffer; /* user buffer: DpxSend copies it under __try */
    }
    offset = DpxWriteOffset(Data, Objects);
    if (offset < 0) {
        DpxEnd(&t);
        return DpxFinish(Data, STATUS_UNEXPECTED_IO_ERROR);
    }
    status = DpxSend(DPX_OP_WRITE, paging ? DPX_FLAG_PAGING_IO : 0, Data, Objects, &t.Rel, NULL, bytes, length, offset, 0, 0,
                     &t.View);
    DpxEnd(&t);
    return DpxFinish(Data, status);
}

/* ---- SET_INFORMATION ---- */

static FLT_PREOP_CALLBACK_STATUS DpxRename(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS Objects, DPX_TARGET *Src,
                                           BOOLEAN Replace)
{
    PFILE_RENAME_INFORMATION info = Data->Iopb->Parameters.SetFileInformation.InfoBuffer;
    PFLT_FILE_NAME_INFORMATION dest = NULL;
    UNICODE_STRING destRel;
    PVOID destBuffer = NULL;
    DPX_WHERE destWhere;
    NTSTATUS status;

    status = FltGetDestinationFileNameInformation(Objects->Instance, Objects->FileObject, info->RootDirectory, info->FileName,
                                                  info->FileNameLength, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                                  &dest);
    if (!NT_SUCCESS(status)) {
        return DpxFinish(Data, status);
    }
    destWhere = DpxLocate(&dest->Name, &destRel, &destBuffer);
    FltReleaseFileNameInformation(dest);
    if (destWhere == DPX_LOCATE_FAILED) {
        status = STATUS_INSUFFICIENT_RESOURCES;
    } else if (destWhere == DPX_OUTSIDE) {
        /* Out of the replicated tree: make the caller copy and delete (MoveFileEx does). */
        status = STATUS_NOT_SAME_DEVICE;
    } else if (Src->View.Mode == DPX_MODE_READ_ONLY) {
        status = STATUS_MEDIA_WRITE_PROTECTED;
    } else {
        status = DpxSend(DPX_OP_RENAME, (Replace ? DPX_FLAG_REPLACE_IF_EXISTS : 0) | DpxDirFlag(Objects), Data, Objects,
                         &Src->Rel, &destRel, NULL, 0, 0, 0, 0, &Src->View);
    }
    if (destBuffer != NULL) {
        ExFreePoolWithTag(destBuffer, DPX_TAG);
    }
    return DpxFinish(Data, status);
}

FLT_PREOP_CALLBACK_STATUS FLTAPI DpxPreSetInformation(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS Objects, PVOID *Completion)
{
    FILE_INFORMATION_CLASS cls = Data->Iopb->Parameters.SetFileInformation.FileInformationClass;
    PVOID buf = Data->Iopb->Parameters.SetFileInformation.InfoBuffer;
    FLT_PREOP_CALLBACK_STATUS result;
    NTSTATUS status = STATUS_SUCCESS;
    DPX_TARGET t;
    DPX_WHERE where;
    *Completion = NULL;

    if (cls != FileRenameInformation && cls != FileRenameInformationEx && cls != FileLinkInformation
        && cls != FileDispositionInformation && cls != FileDispositionInformationEx && cls != FileEndOfFileInformation
        && cls != FileAllocationInformation && cls != FileBasicInformation) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    where = DpxTarget(Data, &t);
    if (where == DPX_OUTSIDE) {
        /* A rename from outside into the tree is found by the destination check. */
        if (cls == FileRenameInformation || cls == FileRenameInformationEx) {
            DPX_VIEW v;
            PFILE_RENAME_INFORMATION info = buf;
            PFLT_FILE_NAME_INFORMATION dest = NULL;
            if (DpxSnapshot(&v) && (ULONG)(ULONG_PTR)PsGetCurrentProcessId() != v.ExemptPid
                && NT_SUCCESS(FltGetDestinationFileNameInformation(Objects->Instance, Objects->FileObject, info->RootDirectory,
                                                                  info->FileName, info->FileNameLength,
                                                                  FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &dest))) {
                UNICODE_STRING rel;
                PVOID relBuffer = NULL;
                DPX_WHERE w = DpxLocate(&dest->Name, &rel, &relBuffer);
                FltReleaseFileNameInformation(dest);
                if (relBuffer != NULL) {
                    ExFreePoolWithTag(relBuffer, DPX_TAG);
                }
                if (w != DPX_OUTSIDE) {
                    return DpxFinish(Data, STATUS_NOT_SAME_DEVICE);
                }
            }
        }
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    if (where == DPX_LOCATE_FAILED) {
        return DpxFinish(Data, STATUS_INSUFFICIENT_RESOURCES);
    }
    if (cls == FileRenameInformation || cls == FileRenameInformationEx) {
        BOOLEAN replace = cls == FileRenameInformation ? ((PFILE_RENAME_INFORMATION)buf)->ReplaceIfExists
                                                       : (*(const ULONG *)buf & 0x1 /* FILE_RENAME_REPLACE_IF_EXISTS */) != 0;
        result = DpxRename(Data, Objects, &t, replace);
        DpxEnd(&t);
        return result;
    }
    if (cls == FileLinkInformation) {
        DpxEnd(&t);
        return DpxFinish(Data, STATUS_NOT_SUPPORTED); /* SafeKit replicates no hard links either */
    }
    if (t.View.Mode == DPX_MODE_READ_ONLY) {
        DpxEnd(&t);
        return DpxFinish(Data, STATUS_MEDIA_WRITE_PROTECTED);
    }
    switch (cls) {
    case FileDispositionInformation:
    case FileDispositionInformationEx: {
        BOOLEAN del = cls == FileDispositionInformation ? ((PFILE_DISPOSITION_INFORMATION)buf)->DeleteFile
                                                        : (*(const ULONG *)buf & 0x1 /* FILE_DISPOSITION_DELETE */) != 0;
        if (del) {
            ULONG dir = DpxDirFlag(Objects);
            status = DpxSend(dir ? DPX_OP_RMDIR : DPX_OP_UNLINK, dir, Data, Objects, &t.Rel, NULL, NULL, 0, 0, 0, 0, &t.View);
        }
        break;
    }
    case FileEndOfFileInformation:
        status = DpxSend(DPX_OP_SET_EOF, 0, Data, Objects, &t.Rel, NULL, NULL, 0,
                         ((PFILE_END_OF_FILE_INFORMATION)buf)->EndOfFile.QuadPart, 0, 0, &t.View);
        break;
    case FileAllocationInformation:
        status = DpxSend(DPX_OP_ALLOCATE, 0, Data, Objects, &t.Rel, NULL, NULL, 0,
                         ((PFILE_ALLOCATION_INFORMATION)buf)->AllocationSize.QuadPart, 0, 0, &t.View);
        break;
    case FileBasicInformation: {
        PFILE_BASIC_INFORMATION b = buf;
        /* 0 = leave unchanged, -1 = stop automatic updates: neither is a new time. */
        ULONGLONG mtime = b->LastWriteTime.QuadPart > 0 ? (ULONGLONG)b->LastWriteTime.QuadPart : 0;
        ULONGLONG atime = b->LastAccessTime.QuadPart > 0 ? (ULONGLONG)b->LastAccessTime.QuadPart : 0;
        if (mtime != 0 || atime != 0) {
            status = DpxSend(DPX_OP_SET_TIMES, DpxDirFlag(Objects), Data, Objects, &t.Rel, NULL, NULL, 0, 0, mtime, atime, &t.View);
        }
        break;
    }
    default:
        break;
    }
    DpxEnd(&t);
    return DpxFinish(Data, status);
}

/* ---- CLEANUP, FLUSH, EA/SECURITY, SECTIONS ---- */

FLT_PREOP_CALLBACK_STATUS FLTAPI DpxPreCleanup(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS Objects, PVOID *Completion)
{
    DPX_HANDLE_CONTEXT *ctx = NULL;
    DPX_TARGET t;
    *Completion = NULL;
    if (!NT_SUCCESS(FltGetStreamHandleContext(Objects->Instance, Objects->FileObject, (PFLT_CONTEXT *)&ctx))) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    if (ctx->DeleteOnClose && DpxTarget(Data, &t) == DPX_REPLICATED) {
        ULONG dir = DpxDirFlag(Objects);
        /* Cleanup cannot fail: a refused delete is logged by user mode and repaired by resync. */
        (void)DpxSend(dir ? DPX_OP_RMDIR : DPX_OP_UNLINK, dir, Data, Objects, &t.Rel, NULL, NULL, 0, 0, 0, 0, &t.View);
        DpxEnd(&t);
    }
    FltReleaseContext(ctx);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI DpxPreFlush(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS Objects, PVOID *Completion)
{
    DPX_TARGET t;
    NTSTATUS status = STATUS_SUCCESS;
    DPX_WHERE where;
    *Completion = NULL;
    where = DpxTarget(Data, &t);
    if (where == DPX_OUTSIDE) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    if (where == DPX_LOCATE_FAILED) {
        return DpxFinish(Data, STATUS_INSUFFICIENT_RESOURCES);
    }
    if (t.View.Mode == DPX_MODE_REPLICATE) {
        /* The flush completes only after the peer made the bytes durable (DESIGN.md data path, 4). */
        status = DpxSend(DPX_OP_FLUSH, DpxDirFlag(Objects), Data, Objects, &t.Rel, NULL, NULL, 0, 0, 0, 0, &t.View);
    }
    DpxEnd(&t);
    return DpxFinish(Data, status);
}

FLT_PREOP_CALLBACK_STATUS FLTAPI DpxPreSetEaOrSecurity(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS Objects, PVOID *Completion)
{
    DPX_TARGET t;
    NTSTATUS status;
    DPX_WHERE where;
    *Completion = NULL;
    where = DpxTarget(Data, &t);
    if (where == DPX_OUTSIDE || !t.View.Acl) {
        DpxEnd(&t);
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    if (where == DPX_LOCATE_FAILED) {
        return DpxFinish(Data, STATUS_INSUFFICIENT_RESOURCES);
    }
    if (t.View.Mode == DPX_MODE_READ_ONLY) {
        DpxEnd(&t);
        return DpxFinish(Data, STATUS_MEDIA_WRITE_PROTECTED);
    }
    if (Data->Iopb->MajorFunction == IRP_MJ_SET_EA) {
        status = DpxSend(DPX_OP_SET_EA, 0, Data, Objects, &t.Rel, NULL, Data->Iopb->Parameters.SetEa.EaBuffer,
                         Data->Iopb->Parameters.SetEa.Length, 0, 0, 0, &t.View);
    } else {
        PSECURITY_DESCRIPTOR sd = Data->Iopb->Parameters.SetSecurity.SecurityDescriptor;
        status = DpxSend(DPX_OP_SET_SECURITY, DpxDirFlag(Objects), Data, Objects, &t.Rel, NULL, sd,
                         RtlLengthSecurityDescriptor(sd), 0, Data->Iopb->Parameters.SetSecurity.SecurityInformation, 0,
                         &t.View);
    }
    DpxEnd(&t);
    return DpxFinish(Data, status);
}

/* Marks streams that get a writable section: their data then reaches the file by paging writes. */
FLT_PREOP_CALLBACK_STATUS FLTAPI DpxPreAcquireForSection(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS Objects, PVOID *Completion)
{
    DPX_STREAM_CONTEXT *ctx = NULL;
    DPX_VIEW v;
    ULONG protect = Data->Iopb->Parameters.AcquireForSectionSynchronization.PageProtection;
    *Completion = NULL;
    if (Data->Iopb->Parameters.AcquireForSectionSynchronization.SyncType != SyncTypeCreateSection
        || (protect != PAGE_READWRITE && protect != PAGE_EXECUTE_READWRITE) || !DpxSnapshot(&v)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    /* No name query here (locks are held): mark the stream whatever its directory; the write
     * callback checks the directory. */
    if (NT_SUCCESS(FltAllocateContext(Globals.Filter, FLT_STREAM_CONTEXT, sizeof(*ctx), NonPagedPoolNx, (PFLT_CONTEXT *)&ctx))) {
        ctx->WritableSection = TRUE;
        (void)FltSetStreamContext(Objects->Instance, Objects->FileObject, FLT_SET_CONTEXT_KEEP_IF_EXISTS, ctx, NULL);
        FltReleaseContext(ctx);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
