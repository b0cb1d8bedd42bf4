// The suite asserts English wording; a learner's Japanese locale must not change what it reads.
process.env.KATA_LANG = 'en';
