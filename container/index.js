(async () => {
  await fetch('https://jsonplaceholder.typicode.com/todos/1')
    .then(res => res.json())
    .then(json => console.log(json));

  const { ECRClient, DescribeImagesCommand } = require('@aws-sdk/client-ecr');
  const client = new ECRClient({ region: 'ap-northeast-1' });
  await client.send(new DescribeImagesCommand({ repositoryName: 'my-repo' }))
    .then(res => res.imageDetails)
    .then(imageDetails => console.log(imageDetails));
})();
