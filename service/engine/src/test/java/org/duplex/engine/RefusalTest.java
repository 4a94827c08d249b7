package org.duplex.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.duplex.engine.generation.Generations;
import org.junit.jupiter.api.Test;

/** A refused command tells its reason to the driver, and only for the step that refused it. */
class RefusalTest {

    @Test
    void aRefusedCommandReportsWhyAndTheNextStepClearsIt() {
        Engine engine = new Engine(EngineConfig.safekitDefaults("n1", "n2"), Generations.none());
        engine.step(Event.Command.admin(CommandKind.STOP), 0);
        assertThat(engine.lastRefusal()).contains("the module is already stopped");
        assertThat(engine.state()).isEqualTo(State.STOP);

        engine.step(Event.Command.admin(CommandKind.START), 1);
        assertThat(engine.lastRefusal()).isEmpty();
        assertThat(engine.state()).isEqualTo(State.WAIT);
    }
}
