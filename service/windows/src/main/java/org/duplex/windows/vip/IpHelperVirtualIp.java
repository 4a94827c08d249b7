package org.duplex.windows.vip;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import org.duplex.common.UserError;

/**
 * {@link WindowsVirtualIp} through the IP Helper API: {@code CreateUnicastIpAddressEntry} adds the
 * address to the active store only (gone at reboot, as a VIP must be) with {@code SkipAsSource}
 * set, and {@code DeleteUnicastIpAddressEntry} removes it by value, so a restarted daemon can
 * always take down a VIP an earlier run added. Row layout: {@link UnicastAddressRow}. Windows
 * only; tested on Linux through {@link Api}'s fake.
 */
public final class IpHelperVirtualIp implements WindowsVirtualIp {
    static final int NO_ERROR = 0;
    /** The address is already on the interface. */
    static final int ERROR_OBJECT_ALREADY_EXISTS = 5010;
    /** No such address to delete. */
    static final int ERROR_NOT_FOUND = 1168;

    /** The three iphlpapi.dll functions used; each takes a pointer to a MIB_UNICASTIPADDRESS_ROW. */
    public interface Api {
        void InitializeUnicastIpAddressEntry(Pointer row);

        int CreateUnicastIpAddressEntry(Pointer row);

        int DeleteUnicastIpAddressEntry(Pointer row);
    }

    /** Binds {@link Api} to the real iphlpapi.dll (Windows only). */
    public interface NativeIpHlp extends Api, Library {
        static Api load() {
            return Native.load("iphlpapi", NativeIpHlp.class);
        }
    }

    private final Api api;

    public IpHelperVirtualIp(Api api) {
        this.api = api;
    }

    private Memory row(VirtualAddressPlan plan) {
        Memory row = new Memory(UnicastAddressRow.SIZE);
        row.clear();
        api.InitializeUnicastIpAddressEntry(row);
        byte[] bytes = row.getByteArray(0, UnicastAddressRow.SIZE);
        UnicastAddressRow.fill(bytes, plan);
        row.write(0, bytes, 0, bytes.length);
        return row;
    }

    @Override
    public void add(VirtualAddressPlan plan) {
        int rc = api.CreateUnicastIpAddressEntry(row(plan));
        if (rc != NO_ERROR && rc != ERROR_OBJECT_ALREADY_EXISTS) {
            throw failed("CreateUnicastIpAddressEntry", plan, rc);
        }
    }

    @Override
    public void remove(VirtualAddressPlan plan) {
        int rc = api.DeleteUnicastIpAddressEntry(row(plan));
        if (rc != NO_ERROR && rc != ERROR_NOT_FOUND) {
            throw failed("DeleteUnicastIpAddressEntry", plan, rc);
        }
    }

    private static UserError failed(String call, VirtualAddressPlan plan, int rc) {
        return new UserError(UserError.Kind.FAILED, "virtual IP " + plan.vip().getHostAddress() + " on '"
                + plan.nic().friendlyName() + "' (interface index " + plan.nic().index() + "): " + call
                + " failed with Win32 error " + rc);
    }
}
