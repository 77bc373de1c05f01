package dev.tether.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Strings are written in runs, not one character at a time: the escapes, the surrogate pairs and
 * the refusals must fall exactly where RFC 8785 puts them, at the start, the middle and the end of
 * a run alike.
 */
class CanonicalJsonStringProperties {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** RFC 8785 §3.2.2.2, one character at a time: the plain reading of the rule. */
    private static String expected(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String canonical(String s) {
        return CanonicalJson.canonicalize(TextNode.valueOf(s));
    }

    /** Mostly plain text, with every kind of character that ends a run mixed in. */
    @Provide
    Arbitrary<String> texts() {
        Arbitrary<Character> chars = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.chars().range('a', 'z')),
                net.jqwik.api.Tuple.of(2, Arbitraries.of('"', '\\', '\b', '\f', '\n', '\r', '\t', '/', '\u007f')),
                net.jqwik.api.Tuple.of(2, Arbitraries.chars().range('\u0000', '\u001f')),
                net.jqwik.api.Tuple.of(2, Arbitraries.of('\u00e9', '\u20ac', '\ufb33')),
                net.jqwik.api.Tuple.of(2, Arbitraries.chars().range('\ud800', '\udfff')));
        return chars.list().ofMaxSize(40).map(list -> {
            StringBuilder b = new StringBuilder();
            list.forEach(b::append);
            return b.toString();
        });
    }

    @Property(tries = 2000)
    void writtenAsTheRuleReadsCharacterByCharacter(@ForAll("texts") String s) throws Exception {
        if (wellFormed(s)) {
            String written = canonical(s);
            assertEquals(expected(s), written);
            assertEquals(s, MAPPER.readTree(written).textValue());
        } else {
            assertThrows(IllegalArgumentException.class, () -> canonical(s));
        }
    }

    @Example
    void escapesAndPairsAtTheEdgesOfARun() {
        assertEquals("\"\\\"ab\\n\"", canonical("\"ab\n"));
        assertEquals("\"\\\\\"", canonical("\\"));
        assertEquals("\"\ud83d\ude00x\ud83d\ude00\"", canonical("\ud83d\ude00x\ud83d\ude00"));
        assertEquals("\"\\u0000\\u001f\"", canonical("\u0000\u001f"));
        assertEquals("\"\"", canonical(""));
    }

    @Example
    void aLoneSurrogateAnywhereIsRefused() {
        for (String s : new String[] {"ab\ud83d", "\ude00ab", "a\ud83dxb", "a\ude00\ud83d"}) {
            assertThrows(IllegalArgumentException.class, () -> canonical(s), s);
        }
    }
}
