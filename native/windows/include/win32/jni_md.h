/*
 * The Windows x64 JNI machine-dependent types, for cross-compiling the bridge with mingw-w64 on a
 * Linux JDK (whose include/ has only linux/jni_md.h). These definitions are fixed by the JNI
 * specification for Win64 and match the JDK's own include/win32/jni_md.h (JDK 21 and later).
 */
#ifndef _JAVASOFT_JNI_MD_H_
#define _JAVASOFT_JNI_MD_H_

#define JNIEXPORT __declspec(dllexport)
#define JNIIMPORT __declspec(dllimport)
/* Empty, as JDK 25's jni.h defines it (an identical redefinition is legal); JDK 17-21 expect it
 * here. __stdcall would be ignored on x64 anyway. */
#define JNICALL

typedef int jint;
typedef __int64 jlong;
typedef signed char jbyte;

#endif
