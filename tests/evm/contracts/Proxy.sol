// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// Logic contracts share the proxy's storage layout from slot 0 on.
contract CounterV1 {
    uint256 public count;
    mapping(address => uint256) public byUser;

    event Counted(address indexed user, uint256 count);

    function increment(uint256 by) external returns (uint256) {
        count += by;
        byUser[msg.sender] += by;
        emit Counted(msg.sender, count);
        return count;
    }

    function version() external pure returns (string memory) {
        return "v1";
    }
}

contract CounterV2 {
    uint256 public count;
    mapping(address => uint256) public byUser;

    error TooBig(uint256 by);

    event Counted(address indexed user, uint256 count);

    function increment(uint256 by) external returns (uint256) {
        if (by > 1000) revert TooBig(by);
        count += by * 2;
        byUser[msg.sender] += by * 2;
        emit Counted(msg.sender, count);
        return count;
    }

    function reset() external {
        count = 0;
    }

    function version() external pure returns (string memory) {
        return "v2";
    }
}

/// A DELEGATECALL proxy with the implementation and admin in EIP-1967 slots.
contract Proxy {
    bytes32 private constant IMPLEMENTATION_SLOT = 0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc;
    bytes32 private constant ADMIN_SLOT = 0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103;

    constructor(address implementation) {
        assembly {
            sstore(IMPLEMENTATION_SLOT, implementation)
            sstore(ADMIN_SLOT, caller())
        }
    }

    function upgradeTo(address implementation) external {
        address admin;
        assembly {
            admin := sload(ADMIN_SLOT)
        }
        require(msg.sender == admin, "not admin");
        assembly {
            sstore(IMPLEMENTATION_SLOT, implementation)
        }
    }

    fallback() external payable {
        assembly {
            let implementation := sload(IMPLEMENTATION_SLOT)
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), implementation, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            switch ok
            case 0 { revert(0, returndatasize()) }
            default { return(0, returndatasize()) }
        }
    }
}
