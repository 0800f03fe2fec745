package io.jfairing.kernel.execution;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DiagnosticMessageTest {
    @Test
    void aSymbolMissingFromTheWrapperClassNamesNoLocation() {
        assertThat(DiagnosticMessage.of("cannot find symbol\n  symbol:   variable foo\n  location: class "))
                .isEqualTo("cannot find symbol: variable foo");
    }

    @Test
    void aLocationOfTheUsersKeepsItsName() {
        assertThat(
                        DiagnosticMessage.of(
                                "cannot find symbol\n  symbol:   method foo()\n  location: variable s of type java.lang.String"))
                .isEqualTo("cannot find symbol: method foo() (in variable s of type java.lang.String)");
        assertThat(DiagnosticMessage.of(
                        "cannot find symbol\n  symbol:   method bar()\n  location: class $JShell$12.Point"))
                .isEqualTo("cannot find symbol: method bar() (in class Point)");
    }

    @Test
    void otherMessagesAreKept() {
        assertThat(DiagnosticMessage.of("illegal start of expression")).isEqualTo("illegal start of expression");
        assertThat(DiagnosticMessage.of("incompatible types: java.lang.String cannot be converted to int"))
                .isEqualTo("incompatible types: java.lang.String cannot be converted to int");
    }
}
