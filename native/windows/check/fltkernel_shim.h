/*
 * COMPILE-CHECK SHIM. NEVER SHIPPED, NEVER LINKED.
 *
 * mingw-w64 has the kernel headers (ddk/ntifs.h) but not the Filter Manager's fltKernel.h. This
 * file declares, from Microsoft's documented prototypes, only the Filter Manager types and
 * functions DuplexFlt uses, so `make check-driver` can run the driver sources through
 * `x86_64-w64-mingw32-gcc -fsyntax-only -Wall -Wextra -Werror` on Linux: typos, wrong argument
 * counts and type mismatches against these declarations are caught in CI. It proves nothing about
 * the real WDK headers or run-time behaviour: the driver is built with the WDK (driver/duplexflt.vcxproj)
 * and tested on Windows (native/windows/README.md). Declarations here are simplified where the
 * real ones are opaque (handles are void pointers).
 */
#ifndef DPX_FLTKERNEL_SHIM_H
#define DPX_FLTKERNEL_SHIM_H

#include <ddk/ntifs.h>

/* GCC has no SEH keywords: the check only needs the code to parse. */
#define __try if (1)
#define __except(x) else if ((x) == 0)
#undef GetExceptionCode
#define GetExceptionCode() STATUS_UNSUCCESSFUL
#ifndef EXCEPTION_EXECUTE_HANDLER
#define EXCEPTION_EXECUTE_HANDLER 1
#endif

#define FLTAPI NTAPI

typedef struct _FLT_FILTER *PFLT_FILTER;
typedef struct _FLT_INSTANCE *PFLT_INSTANCE;
typedef struct _FLT_VOLUME *PFLT_VOLUME;
typedef struct _FLT_PORT *PFLT_PORT;
typedef PVOID PFLT_CONTEXT;
typedef ULONG FLT_INSTANCE_SETUP_FLAGS;
typedef ULONG FLT_FILTER_UNLOAD_FLAGS;
typedef ULONG FLT_POST_OPERATION_FLAGS;
typedef USHORT FLT_CONTEXT_TYPE;
typedef ULONG FLT_FILE_NAME_OPTIONS;
typedef ULONG FLT_OPERATION_REGISTRATION_FLAGS;
typedef ULONG FLT_REGISTRATION_FLAGS;
typedef EX_PUSH_LOCK *PEX_PUSH_LOCK_SHIM;

typedef enum _FLT_FILESYSTEM_TYPE { FLT_FSTYPE_UNKNOWN, FLT_FSTYPE_RAW, FLT_FSTYPE_NTFS, FLT_FSTYPE_FAT, FLT_FSTYPE_REFS = 26 } FLT_FILESYSTEM_TYPE;

typedef enum _FLT_PREOP_CALLBACK_STATUS {
    FLT_PREOP_SUCCESS_WITH_CALLBACK, FLT_PREOP_SUCCESS_NO_CALLBACK, FLT_PREOP_PENDING, FLT_PREOP_DISALLOW_FASTIO,
    FLT_PREOP_COMPLETE, FLT_PREOP_SYNCHRONIZE
} FLT_PREOP_CALLBACK_STATUS;
typedef enum _FLT_POSTOP_CALLBACK_STATUS { FLT_POSTOP_FINISHED_PROCESSING, FLT_POSTOP_MORE_PROCESSING_REQUIRED } FLT_POSTOP_CALLBACK_STATUS;
typedef enum _FLT_SET_CONTEXT_OPERATION { FLT_SET_CONTEXT_REPLACE_IF_EXISTS, FLT_SET_CONTEXT_KEEP_IF_EXISTS } FLT_SET_CONTEXT_OPERATION;


#define FLT_STREAM_CONTEXT 0x0010
#define FLT_STREAMHANDLE_CONTEXT 0x0020
#define FLT_CONTEXT_END 0xffff
#define FLT_REGISTRATION_VERSION 0x0203
#define FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO 0x00000001
#define FLTFL_POST_OPERATION_DRAINING 0x00000001
#define FLT_FILE_NAME_NORMALIZED 0x01
#define FLT_FILE_NAME_QUERY_DEFAULT 0x0100
#define FLT_PORT_ALL_ACCESS 0x001F0001
#define IRP_MJ_ACQUIRE_FOR_SECTION_SYNCHRONIZATION ((UCHAR)-1)
#define IRP_MJ_OPERATION_END ((UCHAR)0x80)
#ifndef STATUS_FLT_DO_NOT_ATTACH
#define STATUS_FLT_DO_NOT_ATTACH ((NTSTATUS)0xC01C000FL)
#endif
#ifndef STATUS_PORT_DISCONNECTED
#define STATUS_PORT_DISCONNECTED ((NTSTATUS)0xC0000037L)
#endif
#ifndef FileRenameInformationEx
#define FileRenameInformationEx ((FILE_INFORMATION_CLASS)65)
#endif
#ifndef FileDispositionInformationEx
#define FileDispositionInformationEx ((FILE_INFORMATION_CLASS)64)
#endif
#define DrvRtPoolNxOptIn 0x00000001
#define MdlMappingNoExecute 0x40000000

typedef struct _FLT_IO_PARAMETER_BLOCK {
    ULONG IrpFlags;
    UCHAR MajorFunction;
    UCHAR MinorFunction;
    UCHAR OperationFlags;
    UCHAR Reserved;
    PFILE_OBJECT TargetFileObject;
    PFLT_INSTANCE TargetInstance;
    union {
        struct { PIO_SECURITY_CONTEXT SecurityContext; ULONG Options; USHORT FileAttributes; USHORT ShareAccess; ULONG EaLength; PVOID EaBuffer; LARGE_INTEGER AllocationSize; } Create;
        struct { ULONG Length; ULONG Key; LARGE_INTEGER ByteOffset; PVOID WriteBuffer; PMDL MdlAddress; } Write;
        struct { ULONG Length; FILE_INFORMATION_CLASS FileInformationClass; PFILE_OBJECT ParentOfTarget; PVOID InfoBuffer; } SetFileInformation;
        struct { ULONG Length; PVOID EaBuffer; PMDL MdlAddress; } SetEa;
        struct { SECURITY_INFORMATION SecurityInformation; PSECURITY_DESCRIPTOR SecurityDescriptor; } SetSecurity;
        struct { FS_FILTER_SECTION_SYNC_TYPE SyncType; ULONG PageProtection; } AcquireForSectionSynchronization;
    } Parameters;
} FLT_IO_PARAMETER_BLOCK, *PFLT_IO_PARAMETER_BLOCK;

typedef struct _FLT_CALLBACK_DATA {
    ULONG Flags;
    PETHREAD Thread;
    PFLT_IO_PARAMETER_BLOCK Iopb;
    IO_STATUS_BLOCK IoStatus;
} FLT_CALLBACK_DATA, *PFLT_CALLBACK_DATA;

typedef struct _FLT_RELATED_OBJECTS {
    USHORT Size;
    USHORT TransactionContext;
    PFLT_FILTER Filter;
    PFLT_VOLUME Volume;
    PFLT_INSTANCE Instance;
    PFILE_OBJECT FileObject;
} FLT_RELATED_OBJECTS;
typedef const FLT_RELATED_OBJECTS *PCFLT_RELATED_OBJECTS;

typedef struct _FLT_FILE_NAME_INFORMATION {
    USHORT Size;
    USHORT NamesParsed;
    FLT_FILE_NAME_OPTIONS Format;
    UNICODE_STRING Name;
    UNICODE_STRING Volume;
    UNICODE_STRING Share;
    UNICODE_STRING Extension;
    UNICODE_STRING Stream;
    UNICODE_STRING FinalComponent;
    UNICODE_STRING ParentDir;
} FLT_FILE_NAME_INFORMATION, *PFLT_FILE_NAME_INFORMATION;

typedef FLT_PREOP_CALLBACK_STATUS(FLTAPI *PFLT_PRE_OPERATION_CALLBACK)(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID *);
typedef FLT_POSTOP_CALLBACK_STATUS(FLTAPI *PFLT_POST_OPERATION_CALLBACK)(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID,
                                                                        FLT_POST_OPERATION_FLAGS);
typedef NTSTATUS(FLTAPI *PFLT_FILTER_UNLOAD_CALLBACK)(FLT_FILTER_UNLOAD_FLAGS);
typedef NTSTATUS(FLTAPI *PFLT_INSTANCE_SETUP_CALLBACK)(PCFLT_RELATED_OBJECTS, FLT_INSTANCE_SETUP_FLAGS, DEVICE_TYPE, FLT_FILESYSTEM_TYPE);
typedef VOID(FLTAPI *PFLT_CONTEXT_CLEANUP_CALLBACK)(PFLT_CONTEXT, FLT_CONTEXT_TYPE);
typedef NTSTATUS(FLTAPI *PFLT_CONNECT_NOTIFY)(PFLT_PORT, PVOID, PVOID, ULONG, PVOID *);
typedef VOID(FLTAPI *PFLT_DISCONNECT_NOTIFY)(PVOID);
typedef NTSTATUS(FLTAPI *PFLT_MESSAGE_NOTIFY)(PVOID, PVOID, ULONG, PVOID, ULONG, PULONG);

typedef struct _FLT_OPERATION_REGISTRATION {
    UCHAR MajorFunction;
    FLT_OPERATION_REGISTRATION_FLAGS Flags;
    PFLT_PRE_OPERATION_CALLBACK PreOperation;
    PFLT_POST_OPERATION_CALLBACK PostOperation;
    PVOID Reserved1;
} FLT_OPERATION_REGISTRATION;

typedef struct _FLT_CONTEXT_REGISTRATION {
    FLT_CONTEXT_TYPE ContextType;
    USHORT Flags;
    PFLT_CONTEXT_CLEANUP_CALLBACK ContextCleanupCallback;
    SIZE_T Size;
    ULONG PoolTag;
    PVOID ContextAllocateCallback;
    PVOID ContextFreeCallback;
    PVOID Reserved1;
} FLT_CONTEXT_REGISTRATION;

typedef struct _FLT_REGISTRATION {
    USHORT Size;
    USHORT Version;
    FLT_REGISTRATION_FLAGS Flags;
    const FLT_CONTEXT_REGISTRATION *ContextRegistration;
    const FLT_OPERATION_REGISTRATION *OperationRegistration;
    PFLT_FILTER_UNLOAD_CALLBACK FilterUnloadCallback;
    PFLT_INSTANCE_SETUP_CALLBACK InstanceSetupCallback;
    PVOID InstanceQueryTeardownCallback;
    PVOID InstanceTeardownStartCallback;
    PVOID InstanceTeardownCompleteCallback;
    PVOID GenerateFileNameCallback;
    PVOID NormalizeNameComponentCallback;
    PVOID NormalizeContextCleanupCallback;
} FLT_REGISTRATION;

NTSTATUS FLTAPI FltRegisterFilter(PDRIVER_OBJECT, const FLT_REGISTRATION *, PFLT_FILTER *);
VOID FLTAPI FltUnregisterFilter(PFLT_FILTER);
NTSTATUS FLTAPI FltStartFiltering(PFLT_FILTER);
NTSTATUS FLTAPI FltBuildDefaultSecurityDescriptor(PSECURITY_DESCRIPTOR *, ACCESS_MASK);
VOID FLTAPI FltFreeSecurityDescriptor(PSECURITY_DESCRIPTOR);
NTSTATUS FLTAPI FltCreateCommunicationPort(PFLT_FILTER, PFLT_PORT *, POBJECT_ATTRIBUTES, PVOID, PFLT_CONNECT_NOTIFY,
                                           PFLT_DISCONNECT_NOTIFY, PFLT_MESSAGE_NOTIFY, LONG);
VOID FLTAPI FltCloseCommunicationPort(PFLT_PORT);
VOID FLTAPI FltCloseClientPort(PFLT_FILTER, PFLT_PORT *);
NTSTATUS FLTAPI FltSendMessage(PFLT_FILTER, PFLT_PORT *, PVOID, ULONG, PVOID, PULONG, PLARGE_INTEGER);
VOID FLTAPI FltInitializePushLock(EX_PUSH_LOCK *);
VOID FLTAPI FltDeletePushLock(EX_PUSH_LOCK *);
VOID FLTAPI FltAcquirePushLockExclusive(EX_PUSH_LOCK *);
VOID FLTAPI FltAcquirePushLockShared(EX_PUSH_LOCK *);
VOID FLTAPI FltReleasePushLock(EX_PUSH_LOCK *);
NTSTATUS FLTAPI FltGetFileNameInformation(PFLT_CALLBACK_DATA, FLT_FILE_NAME_OPTIONS, PFLT_FILE_NAME_INFORMATION *);
NTSTATUS FLTAPI FltParseFileNameInformation(PFLT_FILE_NAME_INFORMATION);
VOID FLTAPI FltReleaseFileNameInformation(PFLT_FILE_NAME_INFORMATION);
NTSTATUS FLTAPI FltGetDestinationFileNameInformation(PFLT_INSTANCE, PFILE_OBJECT, HANDLE, PWSTR, ULONG, FLT_FILE_NAME_OPTIONS,
                                                     PFLT_FILE_NAME_INFORMATION *);
NTSTATUS FLTAPI FltQueryInformationFile(PFLT_INSTANCE, PFILE_OBJECT, PVOID, ULONG, FILE_INFORMATION_CLASS, PULONG);
NTSTATUS FLTAPI FltIsDirectory(PFILE_OBJECT, PFLT_INSTANCE, PBOOLEAN);
VOID FLTAPI FltCancelFileOpen(PFLT_INSTANCE, PFILE_OBJECT);
NTSTATUS FLTAPI FltAllocateContext(PFLT_FILTER, FLT_CONTEXT_TYPE, SIZE_T, POOL_TYPE, PFLT_CONTEXT *);
VOID FLTAPI FltReleaseContext(PFLT_CONTEXT);
NTSTATUS FLTAPI FltGetStreamContext(PFLT_INSTANCE, PFILE_OBJECT, PFLT_CONTEXT *);
NTSTATUS FLTAPI FltSetStreamContext(PFLT_INSTANCE, PFILE_OBJECT, FLT_SET_CONTEXT_OPERATION, PFLT_CONTEXT, PFLT_CONTEXT *);
NTSTATUS FLTAPI FltGetStreamHandleContext(PFLT_INSTANCE, PFILE_OBJECT, PFLT_CONTEXT *);
NTSTATUS FLTAPI FltSetStreamHandleContext(PFLT_INSTANCE, PFILE_OBJECT, FLT_SET_CONTEXT_OPERATION, PFLT_CONTEXT, PFLT_CONTEXT *);
PVOID NTAPI ExAllocatePoolZero(POOL_TYPE, SIZE_T, ULONG);
VOID NTAPI ExInitializeDriverRuntime(ULONG);

#endif
