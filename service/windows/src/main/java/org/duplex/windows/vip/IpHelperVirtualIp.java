package org.duplex.windows.vip;

import java.util.HashMap;
import java.util.Map;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.W32APIOptions;

import org.duplex.common.UserError;

/**
 * {@link WindowsVirtualIp} through the IP Helper API: {@code AddIPAddress} adds a non-persistent
 * IPv4 address (gone at reboot, as a VIP must be) and returns an NTE context that
 * {@code DeleteIPAddress} takes back. Windows only; tested on Linux only through {@link Api}'s fake.
 *
 * <p>The NTE context lives in memory only: after a daemon crash the address stays until reboot or
 * until {@link #remove} falls back to {@code netsh} (which finds it by value), so a restarted
 * daemon can always take its VIP down.
 */
public final class IpHelperVirtualIp implements WindowsVirtualIp {
    static final int NO_ERROR = 0;
    /** The address already exists on an adapter (ERROR_OBJECT_ALREADY_EXISTS). */
    static final int ERROR_OBJECT_ALREADY_EXISTS = 5010;

    /** The two iphlpapi.dll functions used; JNA Platform does not map them. */
    public interface Api {
        int AddIPAddress(int address, int ipMask, int ifIndex, IntByReference nteContext, IntByReference nteInstance);

        int DeleteIPAddress(int nteContext);
    }

    /** Binds {@link Api} to the real iphlpapi.dll (Windows only). */
    public interface NativeIpHlp extends Api, Library {
        static Api load() {
            return Native.load("iphlpapi", NativeIpHlp.class, W32APIOptions.DEFAULT_OPTIONS);
        }
    }

    private final Api api;
    private final WindowsVirtualIp fallback;
    private final Map<String, Integer> contexts = new HashMap<>();

    public IpHelperVirtualIp(Api api, WindowsVirtualIp fallback) {
        this.api = api;
        this.fallback = fallback;
    }

    @Override
    public synchronized void add(VirtualAddressPlan plan) {
        IntByReference context = new IntByReference();
        IntByReference instance = new IntByReference();
        int rc = api.AddIPAddress(networkOrder(plan.vip()), networkOrderMask(plan.prefix()), plan.nic().index(), context, instance);
        if (rc == NO_ERROR) {
            contexts.put(plan.vip().getHostAddress(), context.getValue());
        } else if (rc != ERROR_OBJECT_ALREADY_EXISTS) {
            throw new UserError(UserError.Kind.FAILED, "virtual IP " + plan.vip().getHostAddress() + " on '"
                    + plan.nic().friendlyName() + "' (interface index " + plan.nic().index()
                    + "): AddIPAddress failed with Win32 error " + rc);
        }
    }

    @Override
    public synchronized void remove(VirtualAddressPlan plan) {
        Integer context = contexts.remove(plan.vip().getHostAddress());
        if (context == null || api.DeleteIPAddress(context) != NO_ERROR) {
            // Not added by this process (daemon restarted) or the context went stale: netsh finds it by value.
            fallback.remove(plan);
        }
    }

    /**
     * IPAddr is a DWORD holding the address in network byte order as it lies in memory; JNA writes
     * an int little-endian on x64, so the first octet goes in the lowest byte.
     */
    static int networkOrder(java.net.Inet4Address a) {
        byte[] b = a.getAddress();
        return (b[0] & 0xff) | ((b[1] & 0xff) << 8) | ((b[2] & 0xff) << 16) | ((b[3] & 0xff) << 24);
    }

    static int networkOrderMask(int prefix) {
        int hostOrder = prefix == 0 ? 0 : -1 << (32 - prefix);
        return Integer.reverseBytes(hostOrder);
    }
}
