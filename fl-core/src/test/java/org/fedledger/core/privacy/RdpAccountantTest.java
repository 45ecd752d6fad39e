package org.fedledger.core.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RdpAccountantTest {
    /**
     * Golden table: epsilon at delta 1e-5 after {@code rounds} releases, from an independent reference
     * accountant (the Python package dp-accounting 0.6.0, its RDP accountant with orders 2..64; values
     * recorded once). The stated margin is a relative 1e-9.
     */
    @ParameterizedTest(name = "sigma {0}, {1} rounds, q {2}")
    @CsvSource({
        "0.8, 1, 1.0, 6.158978336819821", "0.8, 1, 0.1, 3.309526477794674",
        "0.8, 10, 1.0, 25.751631103850336", "0.8, 10, 0.1, 5.752276870804423",
        "0.8, 30, 1.0, 57.00163110385033", "0.8, 30, 0.1, 7.653447652327481",
        "0.8, 100, 1.0, 166.37663110385031", "0.8, 100, 0.1, 13.828010209476963",
        "1.0, 1, 1.0, 4.752728336819822", "1.0, 1, 0.1, 2.1330059954307927",
        "1.0, 10, 1.0, 19.801691480042894", "1.0, 10, 0.1, 3.5515026696597927",
        "1.0, 30, 1.0, 40.12663110385034", "1.0, 30, 0.1, 4.848039837634081",
        "1.0, 100, 1.0, 110.12663110385034", "1.0, 100, 0.1, 7.972921510380539",
        "1.5, 1, 1.0, 2.9918869456233113", "1.5, 1, 0.1, 0.9494090551657683",
        "1.5, 10, 1.0, 11.46835814670956", "1.5, 10, 0.1, 1.554139556411352",
        "1.5, 30, 1.0, 23.45996443718367", "1.5, 30, 0.1, 2.3021540574606156",
        "1.5, 100, 1.0, 54.57107554829478", "1.5, 100, 0.1, 3.951042926986461",
        "3.0, 1, 1.0, 1.3862750468052074", "3.0, 1, 0.1, 0.233732633072589",
        "3.0, 10, 1.0, 5.0305061145976", "3.0, 10, 0.1, 0.5071368465554347",
        "3.0, 30, 1.0, 9.754528295498332", "3.0, 30, 0.1, 0.8395499725580973",
        "3.0, 100, 1.0, 21.23774221496145", "3.0, 100, 0.1, 1.527990757935802"})
    void matches_the_reference_accountant_within_the_stated_margin(double sigma, long rounds, double q, double expected) {
        double epsilon = RdpAccountant.none().plus(RdpAccountant.gaussian(sigma, q), rounds).epsilon(1e-5);
        assertThat(epsilon).isCloseTo(expected, within(expected * 1e-9));
    }

    @Test
    void a_full_participation_release_has_the_closed_form_rdp() {
        RdpAccountant one = RdpAccountant.gaussian(2.0, 1.0);
        for (int a = RdpAccountant.MIN_ORDER; a <= RdpAccountant.MAX_ORDER; a++) {
            assertThat(one.rdp(a)).isEqualTo(a / 8.0);
        }
    }

    @Test
    void composition_adds_and_more_rounds_never_cost_less() {
        RdpAccountant release = RdpAccountant.gaussian(1.1, 0.05);
        RdpAccountant ten = RdpAccountant.none().plus(release, 10);
        RdpAccountant fourAndSix = RdpAccountant.none().plus(release, 4).plus(release, 6);
        for (int a = RdpAccountant.MIN_ORDER; a <= RdpAccountant.MAX_ORDER; a++) {
            // equal up to the rounding of a double sum: a ledger keeps release counts, not sums
            assertThat(fourAndSix.rdp(a)).isCloseTo(ten.rdp(a), within(ten.rdp(a) * 1e-14));
        }
        assertThat(RdpAccountant.none().plus(release, 10)).isEqualTo(ten); // the same steps, the same bits
        double previous = 0;
        for (int rounds = 1; rounds <= 50; rounds++) {
            double epsilon = RdpAccountant.none().plus(release, rounds).epsilon(1e-5);
            assertThat(epsilon).isGreaterThanOrEqualTo(previous);
            previous = epsilon;
        }
        assertThat(RdpAccountant.none().epsilon(1e-5)).isZero();
    }

    @Test
    void refuses_parameters_out_of_range() {
        assertThatThrownBy(() -> RdpAccountant.gaussian(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RdpAccountant.gaussian(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RdpAccountant.gaussian(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RdpAccountant.gaussian(1, 1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RdpAccountant.none().epsilon(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RdpAccountant.none().rdp(1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RdpAccountant.none().plus(RdpAccountant.none(), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
