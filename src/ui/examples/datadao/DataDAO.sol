// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import "hardhat/console.sol";

/// A data DAO: members propose datasets to store (by piece CID) with the storage provider
/// who will keep them, vote, and pay the provider from the DAO's treasury once a proposal
/// has enough votes. Anyone can fund the treasury.
contract DataDAO {
    struct Proposal {
        bytes pieceCid;
        uint64 sizeBytes;
        address provider;
        uint256 payment;
        uint32 votes;
        bool executed;
    }

    address public immutable founder;
    uint32 public quorum;
    uint32 public memberCount;
    mapping(address => bool) public isMember;
    Proposal[] public proposals;
    mapping(uint256 => mapping(address => bool)) public voted;

    event MemberAdded(address indexed member);
    event Proposed(uint256 indexed id, bytes pieceCid, address provider, uint256 payment);
    event Voted(uint256 indexed id, address indexed member);
    event Funded(address indexed from, uint256 amount);
    event Executed(uint256 indexed id, address provider, uint256 payment);

    error NotMember(address who);
    error AlreadyVoted(uint256 id);
    error NotEnoughVotes(uint32 votes, uint32 quorum);
    error TreasuryTooSmall(uint256 balance, uint256 needed);

    modifier onlyMember() {
        if (!isMember[msg.sender]) revert NotMember(msg.sender);
        _;
    }

    constructor(uint32 quorum_) {
        founder = msg.sender;
        quorum = quorum_;
        _addMember(msg.sender);
    }

    function addMember(address member) external onlyMember {
        _addMember(member);
    }

    function _addMember(address member) private {
        if (isMember[member]) return;
        isMember[member] = true;
        memberCount += 1;
        emit MemberAdded(member);
    }

    /// Send FIL with this call to fund storage payments.
    function fund() external payable {
        emit Funded(msg.sender, msg.value);
    }

    function propose(bytes calldata pieceCid, uint64 sizeBytes, address provider, uint256 payment)
        external
        onlyMember
        returns (uint256 id)
    {
        id = proposals.length;
        proposals.push(Proposal(pieceCid, sizeBytes, provider, payment, 0, false));
        console.log("proposal %s: %s bytes", id, sizeBytes);
        emit Proposed(id, pieceCid, provider, payment);
    }

    function vote(uint256 id) external onlyMember {
        if (voted[id][msg.sender]) revert AlreadyVoted(id);
        voted[id][msg.sender] = true;
        proposals[id].votes += 1;
        emit Voted(id, msg.sender);
    }

    /// Pays the provider once the proposal has a quorum of votes.
    function execute(uint256 id) external onlyMember {
        Proposal storage p = proposals[id];
        require(!p.executed, "already executed");
        if (p.votes < quorum) revert NotEnoughVotes(p.votes, quorum);
        if (address(this).balance < p.payment) revert TreasuryTooSmall(address(this).balance, p.payment);
        p.executed = true;
        (bool ok, ) = p.provider.call{value: p.payment}("");
        require(ok, "payment failed");
        emit Executed(id, p.provider, p.payment);
    }

    function proposalCount() external view returns (uint256) {
        return proposals.length;
    }
}
