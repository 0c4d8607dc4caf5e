package io.modelfleet.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfleet.core.ModelfleetException.Category;
import io.modelfleet.core.ModelfleetException.Input;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The factory is the one place errors are worded. Every error it builds says what went wrong and
 * how to fix it, and none names a command-line flag: flags belong to the command line, which adds
 * them from the error's {@link Input}.
 */
class TestModelfleetErrors {
    @Test
    void everyErrorHasAMessageAndAHintAndNamesNoFlag() throws Exception {
        List<ModelfleetException> built = new ArrayList<>();
        for (Method method : ModelfleetErrors.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(method.getModifiers()) || method.getReturnType() != ModelfleetException.class) {
                continue;
            }
            Object[] args = new Object[method.getParameterCount()];
            Class<?>[] types = method.getParameterTypes();
            for (int i = 0; i < args.length; i++) {
                args[i] = sample(types[i]);
            }
            ModelfleetException e = (ModelfleetException) method.invoke(null, args);
            assertThat(e.getMessage()).as(method.getName()).isNotBlank();
            assertThat(e.hint()).as(method.getName()).isNotBlank();
            assertThat(e.getMessage() + " " + e.hint())
                    .as(method.getName() + " must not name a flag")
                    .doesNotContainPattern("(^|\\s|')--[a-z]");
            built.add(e);
        }
        assertThat(built).hasSizeGreaterThan(40);
    }

    @Test
    void userErrorsNameTheInputAtFault() {
        ModelfleetException scale =
                ModelfleetErrors.outOfRange("generate predictions", "scale", Input.SCALE, "(0, 1000]", 0, "use 0.1");
        assertThat(scale.getMessage()).isEqualTo("Cannot generate predictions: the scale must be in (0, 1000], got 0");
        assertThat(scale.input()).contains(Input.SCALE);
        assertThat(scale.category()).isEqualTo(Category.USER_ERROR);
        ModelfleetException io = ModelfleetErrors.gitMissing(new IOException("no git"));
        assertThat(io.category()).isEqualTo(Category.IO_ERROR);
        assertThat(io.input()).isEmpty();
        assertThat(io.getCause()).hasMessage("no git");
    }

    @Test
    void aRefusedRerunGivesBothCountsAndALostRaceIsNotABug() {
        ModelfleetException refused =
                ModelfleetErrors.rerunWouldLoseRows(Hour.parse("2026-11-24T13"), "slo_hourly", 1508, 0);
        assertThat(refused.getMessage())
                .isEqualTo(
                        "2026-11-24T13 has 1,508 rows in slo_hourly but its logs now hold 0; refusing to replace it");
        assertThat(refused.hint()).contains("allow data loss");
        assertThat(refused.input()).contains(Input.LOGS);
        ModelfleetException raced = ModelfleetErrors.concurrentWriters("slo_hourly", "hours 2026-11-24T13", 8);
        assertThat(raced.category()).isEqualTo(Category.IO_ERROR);
        assertThat(raced.getMessage()).contains("hours 2026-11-24T13").contains("nothing was written");
        assertThat(raced.hint()).contains("run them again");
    }

    private static Object sample(Class<?> type) {
        if (type == String.class) {
            return "x";
        } else if (type == Path.class) {
            return Path.of("somewhere");
        } else if (type == Location.class) {
            return Location.parse("s3a://bucket/warehouse", Path.of("/"));
        } else if (type == int.class) {
            return 3;
        } else if (type == long.class) {
            return 3L;
        } else if (type == double.class) {
            return 2.5;
        } else if (type == Hour.class) {
            return Hour.parse("2026-11-24T13");
        } else if (type == List.class) {
            return List.of("a", "b");
        } else if (type == Input.class) {
            return Input.HOURS;
        } else if (type == InterruptedException.class) {
            return new InterruptedException("stop");
        } else if (type == Throwable.class) {
            return new IllegalStateException("part-0001.parquet is not Parquet");
        } else if (Exception.class.isAssignableFrom(type)) {
            return new IOException("disk gone");
        }
        throw new IllegalArgumentException("no sample for " + type);
    }
}
