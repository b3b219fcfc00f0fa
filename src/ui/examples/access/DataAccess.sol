// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// Data access control: owners register datasets (by CID) and decide who may read them,
/// for how long; readers may also buy access at the owner's price. Storage providers or
/// retrieval gateways ask `canRead` before serving the data.
contract DataAccess {
    struct Dataset {
        address owner;
        uint96 pricePerDay;
        string cid;
    }

    mapping(bytes32 => Dataset) public datasets;
    /// dataset → reader → access expiry (unix seconds)
    mapping(bytes32 => mapping(address => uint64)) public accessUntil;

    event Registered(bytes32 indexed id, address indexed owner, string cid);
    event Granted(bytes32 indexed id, address indexed reader, uint64 until);
    event Revoked(bytes32 indexed id, address indexed reader);

    error NotOwner(bytes32 id);
    error UnknownDataset(bytes32 id);
    error WrongPayment(uint256 sent, uint256 price);

    function register(string calldata cid, uint96 pricePerDay) external returns (bytes32 id) {
        id = keccak256(bytes(cid));
        require(datasets[id].owner == address(0), "already registered");
        datasets[id] = Dataset(msg.sender, pricePerDay, cid);
        emit Registered(id, msg.sender, cid);
    }

    function grant(bytes32 id, address reader, uint32 daysOfAccess) external {
        if (datasets[id].owner != msg.sender) revert NotOwner(id);
        _extend(id, reader, daysOfAccess);
    }

    function revoke(bytes32 id, address reader) external {
        if (datasets[id].owner != msg.sender) revert NotOwner(id);
        delete accessUntil[id][reader];
        emit Revoked(id, reader);
    }

    /// Pay pricePerDay × days; the owner is paid at once.
    function buyAccess(bytes32 id, uint32 daysOfAccess) external payable {
        Dataset storage d = datasets[id];
        if (d.owner == address(0)) revert UnknownDataset(id);
        uint256 price = uint256(d.pricePerDay) * daysOfAccess;
        if (msg.value != price) revert WrongPayment(msg.value, price);
        _extend(id, msg.sender, daysOfAccess);
        payable(d.owner).transfer(msg.value);
    }

    function canRead(bytes32 id, address reader) external view returns (bool) {
        return datasets[id].owner == reader || accessUntil[id][reader] >= block.timestamp;
    }

    function _extend(bytes32 id, address reader, uint32 daysOfAccess) private {
        uint64 from = accessUntil[id][reader] > block.timestamp ? accessUntil[id][reader] : uint64(block.timestamp);
        uint64 until = from + uint64(daysOfAccess) * 1 days;
        accessUntil[id][reader] = until;
        emit Granted(id, reader, until);
    }
}
