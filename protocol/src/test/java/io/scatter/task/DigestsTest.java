package io.scatter.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

final class DigestsTest {

  @Test
  void shortSha256_fipsVectorAbc_isFirstSixteenHexDigits() {
    // FIPS 180-2 test vector: SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
    assertEquals("ba7816bf8f01cfea", Digests.shortSha256("abc".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void shortSha256_bigInteger_hashesTwosComplementBytes() {
    BigInteger value = BigInteger.valueOf(-123_456_789);

    assertEquals(Digests.shortSha256(value.toByteArray()), Digests.shortSha256(value));
  }

  @Test
  void summarise_numberWithAtMostMaxDigits_printsItWhole() {
    BigInteger fortyNines = BigInteger.TEN.pow(40).subtract(BigInteger.ONE);

    assertEquals(fortyNines.toString(), Digests.summarise(fortyNines, 40));
    assertEquals("-12345", Digests.summarise(BigInteger.valueOf(-12_345), 40));
  }

  @Test
  void summarise_numberLongerThanMaxDigits_printsBitLengthAndDigest() {
    BigInteger value = BigInteger.TEN.pow(40);

    assertEquals(String.format("%d bits, sha256 %s", value.bitLength(), Digests.shortSha256(value)), Digests.summarise(value, 40));
  }

  @Test
  void summarise_nonEnglishDefaultLocale_stillGroupsWithCommas() {
    BigInteger value = BigInteger.ONE.shiftLeft(1_502_288);
    Locale previous = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try {
      assertEquals("1,502,289 bits, sha256 " + Digests.shortSha256(value), Digests.summarise(value, 40));
    } finally {
      Locale.setDefault(previous);
    }
  }
}
