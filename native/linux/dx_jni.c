#include "dx_jni.h"

#include <stdlib.h>

char *dx_cstring(JNIEnv *env, jbyteArray arr)
{
	if (arr == NULL)
		return NULL;
	jsize n = (*env)->GetArrayLength(env, arr);
	char *s = malloc((size_t) n + 1);
	if (s == NULL)
		return NULL;
	(*env)->GetByteArrayRegion(env, arr, 0, n, (jbyte *) s);
	s[n] = '\0';
	return s;
}

jbyteArray dx_bytes(JNIEnv *env, const char *data, size_t len)
{
	jbyteArray a = (*env)->NewByteArray(env, (jsize) len);
	if (a == NULL)
		return NULL;
	(*env)->SetByteArrayRegion(env, a, 0, (jsize) len, (const jbyte *) data);
	return a;
}
