// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// Fails in every way Solidity knows, on request.
contract Thrower {
    error Custom(uint256 code, string why);
    error Empty();

    uint256 public calls;

    event Ran(uint8 indexed mode, uint256 x);

    function run(uint8 mode, uint256 x) external returns (uint256) {
        calls += 1;
        // Logged before failing: a failed call's logs must disappear while its caller carries on.
        emit Ran(mode, x);
        if (mode == 0) return x * 2;
        if (mode == 1) revert Custom(x, "custom");
        if (mode == 2) revert Empty();
        if (mode == 3) require(x < 10, "x too big");
        if (mode == 4) return 100 / (x % 3); // Panic 0x12 when x % 3 == 0
        if (mode == 5) {
            uint256[] memory small = new uint256[](2);
            return small[x]; // Panic 0x32 when x >= 2
        }
        if (mode == 6) assert(x != 7); // Panic 0x01
        if (mode == 7) return type(uint256).max + x - x + (x > 0 ? 1 : 0); // Panic 0x11 on overflow
        if (mode == 8) revert();
        return x;
    }
}

/// Calls the thrower with try/catch and records what it caught; nested revert data is bubbled up.
contract Catcher {
    Thrower public immutable thrower;
    uint256 public successes;
    uint256 public lastValue;
    string public lastReason;
    uint256 public lastPanic;
    bytes public lastData;
    uint256 public failures;

    event Caught(uint8 kind, bytes data);

    constructor() {
        thrower = new Thrower();
    }

    function attempt(uint8 mode, uint256 x) external returns (uint8 kind) {
        try thrower.run(mode, x) returns (uint256 value) {
            successes += 1;
            lastValue = value;
            kind = 0;
        } catch Error(string memory reason) {
            lastReason = reason;
            kind = 1;
        } catch Panic(uint256 code) {
            lastPanic = code;
            kind = 2;
        } catch (bytes memory data) {
            lastData = data;
            kind = 3;
        }
        if (kind != 0) failures += 1;
        emit Caught(kind, lastData);
    }

    function bubble(uint8 mode, uint256 x) external returns (uint256) {
        return thrower.run(mode, x);
    }

    function lowLevel(uint8 mode, uint256 x) external returns (bool ok, bytes memory data) {
        (ok, data) = address(thrower).call(abi.encodeCall(Thrower.run, (mode, x)));
    }
}
