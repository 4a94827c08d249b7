package org.duplex.windows.scm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An SCM in memory: each service has a script of states that successive queries return after a
 * request, like a real service walking START_PENDING -> RUNNING.
 */
final class FakeServiceControl implements ServiceControl {
    final Map<String, ServiceState> current = new HashMap<>();
    final Map<String, Deque<ServiceState>> afterRequest = new HashMap<>();
    /** States being walked now, one per query. */
    final Map<String, Deque<ServiceState>> walking = new HashMap<>();
    final List<String> requests = new ArrayList<>();

    FakeServiceControl with(String name, ServiceState state) {
        current.put(name, state);
        return this;
    }

    /** States the service walks through, one per query, after the next start or stop request. */
    FakeServiceControl thenWalks(String name, ServiceState... states) {
        afterRequest.put(name, new ArrayDeque<>(List.of(states)));
        return this;
    }

    /** States the service walks through, one per query, starting with the next query (no request needed). */
    FakeServiceControl walksNow(String name, ServiceState... states) {
        walking.put(name, new ArrayDeque<>(List.of(states)));
        return this;
    }

    @Override
    public ServiceState query(String name) {
        Deque<ServiceState> walk = walking.get(name);
        if (walk != null && !walk.isEmpty()) {
            current.put(name, walk.poll());
        }
        return current.getOrDefault(name, ServiceState.NOT_INSTALLED);
    }

    @Override
    public void requestStart(String name) {
        requests.add("start " + name + " while " + current.get(name));
        startWalk(name);
    }

    @Override
    public void requestStop(String name) {
        requests.add("stop " + name + " while " + current.get(name));
        startWalk(name);
    }

    private void startWalk(String name) {
        Deque<ServiceState> next = afterRequest.remove(name);
        if (next != null) {
            walking.put(name, next);
        }
    }
}
