package io.scatter.cli;

/** Bad input from the user: printed as one line, exit code 2. */
final class UserInputException extends RuntimeException {

  UserInputException(String message) {
    super(message);
  }
}
