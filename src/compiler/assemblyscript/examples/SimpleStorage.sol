// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// The contract the evmCaller.ts example calls: deploy it, then create the actor with its address.
contract SimpleStorage {
    uint256 private value;
    address public lastWriter;

    event Stored(address indexed by, uint256 value);

    function store(uint256 newValue) external {
        require(newValue != 0, "zero is not a value");
        value = newValue;
        lastWriter = msg.sender;
        emit Stored(msg.sender, newValue);
    }

    function retrieve() external view returns (uint256) {
        return value;
    }
}
